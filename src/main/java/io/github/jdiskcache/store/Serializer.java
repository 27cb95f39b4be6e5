package io.github.jdiskcache.store;

import java.io.IOException;
import java.io.OutputStream;

import io.github.jdiskcache.store.pickle.Pickles;
import io.github.jdiskcache.store.pickle.UnpicklingException;

/**
 * Turns keys and values that have no native SQLite form into bytes and back. Keys are compared by
 * these bytes, so a key type's serializer must give equal objects identical bytes.
 *
 * <p>{@link #deserialize} tells two failures apart, because only one of them allows deleting the
 * stored bytes: {@link DamagedValueException} when the bytes cannot be this serializer's output for
 * any reader, {@link UnreadableValueException} (or any other exception) when this process cannot
 * read them but another might (a missing or changed class, a refused class).
 */
public interface Serializer {
    byte[] serialize(Object object);

    /**
     * Writes the object's bytes to {@code out}. Large values are written this way straight into
     * their file; the default builds the whole byte array first, a streaming serializer need not.
     */
    default void serialize(Object object, OutputStream out) throws IOException {
        out.write(serialize(object));
    }

    Object deserialize(byte[] bytes);

    /**
     * A key Python's diskcache pickled (one it cannot store natively, such as a tuple). By default
     * plain data is read ({@link Pickles}) and any other pickle throws; a serializer may return a
     * stand-in instead (the CLI lists such keys by size).
     *
     * @throws UnreadableValueException when the pickle is not plain data
     */
    default Object deserializePickledKey(byte[] pickle) {
        try {
            return Pickles.loads(pickle);
        } catch (UnpicklingException e) {
            throw new UnreadableValueException("Python pickle: " + e.subject(),
                    "key is a Python pickle Java does not read: " + e.getMessage(), e);
        }
    }
}
