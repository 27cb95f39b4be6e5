package io.github.jdiskcache.store;

/**
 * Turns keys and values that have no native SQLite form into bytes and back. Keys are compared by
 * these bytes, so a key type's serializer must give equal objects identical bytes.
 */
public interface Serializer {
    byte[] serialize(Object object);

    Object deserialize(byte[] bytes);

    /**
     * A key Python's diskcache pickled (one it cannot store natively). Java does not read pickles,
     * so by default this throws; a serializer may return a stand-in instead (the CLI lists such
     * keys by size).
     */
    default Object deserializePickledKey(byte[] pickle) {
        throw new UnreadableValueException("key is a Python pickle, which Java does not read", null);
    }
}
