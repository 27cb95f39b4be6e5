package io.github.jdiskcache.cli;

import io.github.jdiskcache.store.JavaSerializer;
import io.github.jdiskcache.store.Serializer;
import io.github.jdiskcache.store.UnreadableValueException;

/**
 * The store's default serializer, except that an object this JVM cannot rebuild, or a key Python
 * pickled that is not plain data, becomes an {@link Undecoded} description: the tool runs without the application's
 * classes, and must still list such keys and say what such a value is.
 */
final class DescribingSerializer implements Serializer {
    private final Serializer serializer = new JavaSerializer();

    @Override
    public byte[] serialize(Object object) {
        return serializer.serialize(object);
    }

    @Override
    public Object deserialize(byte[] bytes) {
        try {
            return serializer.deserialize(bytes);
        } catch (UnreadableValueException e) {
            return Undecoded.ofJava(bytes, e);
        }
    }

    @Override
    public Object deserializePickledKey(byte[] pickle) {
        try {
            return serializer.deserializePickledKey(pickle);
        } catch (UnreadableValueException e) {
            return Undecoded.ofPickle(pickle, e);
        }
    }
}
