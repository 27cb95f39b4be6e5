package io.github.jdiskcache.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The default {@link Serializer}: Java serialization, resolving classes through a given class
 * loader and checking every class against a {@link DeserializationFilter} before it is loaded,
 * and every array against what the stored bytes can hold ({@link LengthBoundFilter}).
 */
public final class JavaSerializer implements Serializer {
    /** Every Java serialization stream starts with STREAM_MAGIC 0xACED. */
    private static final byte MAGIC_HIGH = (byte) 0xAC;
    private static final byte MAGIC_LOW = (byte) 0xED;

    private final ClassLoader classLoader;
    /** Builds {@link #filter} at the first deserialization; null when it was given. */
    private final Supplier<ObjectInputFilter> filterSource;
    /** Null means no filter (once {@link #filterBuilt}). */
    private volatile ObjectInputFilter filter;
    /** Written after {@link #filter}: a thread that reads true sees the filter built. */
    private volatile boolean filterBuilt;

    /** Rejects known gadget classes; see {@link DeserializationFilter#rejectingKnownGadgets()}. */
    public JavaSerializer() {
        this(JavaSerializer.class.getClassLoader(), DeserializationFilter::rejectingKnownGadgets);
    }

    public JavaSerializer(ClassLoader classLoader, ObjectInputFilter filter) {
        this.classLoader = classLoader;
        this.filterSource = null;
        this.filter = filter;
        this.filterBuilt = true;
    }

    /**
     * With the filter {@code filterSource} builds at the first deserialization: building one sets up
     * the JDK's serialization filtering, a cost of every cold start that reads no Java object.
     */
    public JavaSerializer(ClassLoader classLoader, Supplier<ObjectInputFilter> filterSource) {
        this.classLoader = classLoader;
        this.filterSource = Objects.requireNonNull(filterSource, "filterSource");
    }

    private ObjectInputFilter filter() {
        if (!filterBuilt) {
            synchronized (this) {
                if (!filterBuilt) {
                    filter = filterSource.get();
                    filterBuilt = true;
                }
            }
        }
        return filter;
    }

    @Override
    public byte[] serialize(Object object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try {
            serialize(object, bytes);
        } catch (IOException e) {
            throw new StoreException("serializing " + object.getClass().getName() + " failed", e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void serialize(Object object, OutputStream target) throws IOException {
        if (!(object instanceof Serializable)) {
            throw new IllegalArgumentException(
                    "cannot store an instance of " + object.getClass().getName() + ": it is not Serializable");
        }
        // Not closed on failure (it holds nothing the target does not): closing after running out of
        // memory fails with the same preallocated error and hides it as "Self-suppression not permitted".
        ObjectOutputStream out = new ObjectOutputStream(target);
        try {
            out.writeObject(object);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("cannot store an instance of " + object.getClass().getName()
                    + ": it holds a non-serializable " + e.getMessage(), e);
        }
        out.flush();
    }

    /**
     * @throws UnreadableValueException when this process cannot read them: bytes of another
     *                                  serializer, a class missing here or changed, a class or an
     *                                  array the filter refuses, a stream cut short
     */
    @Override
    public Object deserialize(byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != MAGIC_HIGH || bytes[1] != MAGIC_LOW) {
            // Not proof of damage: a cache configured with another Serializer writes such bytes, and
            // its own readers still need them.
            throw new UnreadableValueException("no Java serialization stream",
                    "stored bytes are no Java serialization stream (another serializer's?)", null);
        }
        LengthBoundFilter bounded = new LengthBoundFilter(filter(), bytes.length);
        try (ObjectInputStream in = new ClassLoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader, bounded)) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new UnreadableValueException(e.getMessage(),
                    "stored object needs class " + e.getMessage() + ", which this class loader does not have", e);
        } catch (InvalidClassException e) {
            String subject = bounded.refused() != null ? bounded.refused()
                    : e.classname != null ? e.classname : e.getMessage();
            throw new UnreadableValueException(subject, "stored object cannot be deserialized here: " + e, e);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableValueException(e.getClass().getName(), "stored object cannot be deserialized here: " + e, e);
        }
    }
}
