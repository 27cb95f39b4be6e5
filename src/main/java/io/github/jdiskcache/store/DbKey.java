package io.github.jdiskcache.store;

/**
 * A key as stored in the {@code Cache} table: the SQLite value of the {@code key} column (String,
 * byte[], Long or Double) and the {@code raw} flag, with the {@code original} key it encodes (what
 * entries read by key give back). A key is encoded once per operation: {@link FanoutCache} encodes
 * it to choose the shard and hands this object to the shard, which uses it as it is.
 */
record DbKey(Object sqlValue, int raw, Object original) {
    /** Pickled keys (tuples…): Python's, and Java's plain-data keys with {@code picklePlainValues}. */
    static final int PICKLED = 0;
    /** String, byte[], Long or Double stored natively, shared with Python. */
    static final int NATIVE = 1;
    /**
     * Bytes of jdiskcache's serializer. Not 0: Python unpickles every raw=0 key it iterates and
     * would fail on Java bytes, while for any non-zero raw it hands out the blob as bytes.
     */
    static final int SERIALIZED = 2;
}
