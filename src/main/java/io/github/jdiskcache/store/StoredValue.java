package io.github.jdiskcache.store;

/**
 * A value ready for the {@code Cache} table: {@code size} counts only value-file bytes (inline values
 * count through database pages, as in diskcache), {@code filename} is relative to the shard directory.
 */
record StoredValue(long size, int mode, String filename, Object inline, long encodedLength) {
}
