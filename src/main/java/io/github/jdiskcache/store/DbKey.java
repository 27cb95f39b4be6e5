package io.github.jdiskcache.store;

/**
 * A key as stored in the {@code Cache} table: the SQLite value of the {@code key} column (String,
 * byte[], Long or Double) and the {@code raw} flag (1 = native, 0 = serialized).
 */
record DbKey(Object sqlValue, int raw) {
    static final int SERIALIZED = 0;
    static final int NATIVE = 1;
}
