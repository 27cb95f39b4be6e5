package io.github.jdiskcache.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * The default {@link Serializer}: Java serialization, resolving classes through a given class
 * loader and checking every class against a {@link DeserializationFilter} before it is loaded.
 */
public final class JavaSerializer implements Serializer {
    private final ClassLoader classLoader;
    private final ObjectInputFilter filter;

    /** Rejects known gadget classes; see {@link DeserializationFilter#rejectingKnownGadgets()}. */
    public JavaSerializer() {
        this(JavaSerializer.class.getClassLoader(), DeserializationFilter.rejectingKnownGadgets());
    }

    public JavaSerializer(ClassLoader classLoader, ObjectInputFilter filter) {
        this.classLoader = classLoader;
        this.filter = filter;
    }

    @Override
    public byte[] serialize(Object object) {
        if (!(object instanceof Serializable)) {
            throw new IllegalArgumentException(
                    "cannot store an instance of " + object.getClass().getName() + ": it is not Serializable");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("cannot store an instance of " + object.getClass().getName()
                    + ": it holds a non-serializable " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("serializing " + object.getClass().getName() + " failed", e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ClassLoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader, filter)) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new UnreadableValueException("stored object cannot be deserialized: " + e, e);
        }
    }
}
