package io.github.jdiskcache.store;

/**
 * Turns keys and values that have no native SQLite form into bytes and back. Keys are compared by
 * these bytes, so a key type's serializer must give equal objects identical bytes.
 */
public interface Serializer {
    byte[] serialize(Object object);

    Object deserialize(byte[] bytes);
}
