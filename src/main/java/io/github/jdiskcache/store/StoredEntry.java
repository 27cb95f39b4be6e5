package io.github.jdiskcache.store;

/**
 * A live entry with its metadata.
 *
 * @param expireTime absolute expiry in epoch seconds, or null when it never expires
 * @param tag        the entry's tag (String, byte[], Long or Double), or null
 */
public record StoredEntry(Object key, Object value, Double expireTime, Object tag) {
}
