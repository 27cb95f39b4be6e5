package io.github.jdiskcache.store;

/** The {@code mode} column: how a value is stored. 0–4 are Python diskcache's; 5 is ours. */
final class ValueMode {
    static final int NONE = 0;
    /** Native SQLite value inline (Python: str, bytes, int, float). */
    static final int RAW = 1;
    /** Bytes in a value file. */
    static final int BINARY = 2;
    /** UTF-8 text in a value file. */
    static final int TEXT = 3;
    /** A Python pickle: Java reads and (with {@code picklePlainValues}) writes plain data, see {@code store.pickle}. */
    static final int PICKLE = 4;
    /**
     * Bytes from this store's {@link Serializer}, inline or in a file. A mode of its own, so Python
     * never tries to unpickle Java bytes (its fetch returns None for a mode it does not know).
     */
    static final int SERIALIZED = 5;

    private ValueMode() {
    }
}
