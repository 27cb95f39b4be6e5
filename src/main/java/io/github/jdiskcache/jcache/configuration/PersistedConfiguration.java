package io.github.jdiskcache.jcache.configuration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;

import io.github.jdiskcache.store.ClassLoaderObjectInputStream;
import io.github.jdiskcache.store.DeserializationFilter;

/**
 * A cache's JCache configuration kept next to its data ({@code jcache-configuration.ser}), so a
 * later run or another JVM that calls {@code getCache(name)} gets the same types, expiry policy,
 * loader and writer. Listeners belong to the process that registered them and are not kept; nor
 * are factories that cannot be serialized, which the file names after the configuration. Most
 * configurations also get a plain-text copy that opens read without deserializing
 * ({@link PlainKeptConfiguration}).
 */
public final class PersistedConfiguration {
    public static final String FILE = "jcache-configuration.ser";
    /** Held while a cache's kept types are checked and its configuration written, in every process. */
    public static final String LOCK_FILE = "jcache-configuration.lock";
    /** Looked up when there is something to say: setting up logging is a cost of every cold start. */
    private static System.Logger log() {
        return System.getLogger(PersistedConfiguration.class.getName());
    }

    private final Path file;
    private final byte[] bytes;

    private PersistedConfiguration(Path file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    /** The file as it is now (or its absence), to {@link #restore} if a new configuration must be undone. */
    public static PersistedConfiguration snapshot(Path cacheDirectory) {
        Path file = cacheDirectory.resolve(FILE);
        try {
            return new PersistedConfiguration(file, Files.isRegularFile(file) ? Files.readAllBytes(file) : null);
        } catch (IOException e) {
            throw new javax.cache.CacheException("cannot read " + file + ": " + e, e);
        }
    }

    /** Puts the serialized file back; the plain copy, made for the configuration undone, goes. */
    public void restore() {
        try {
            Files.deleteIfExists(file.resolveSibling(PlainKeptConfiguration.FILE));
            if (bytes == null) {
                Files.deleteIfExists(file);
            } else {
                Files.write(file, bytes);
            }
        } catch (IOException e) {
            log().log(System.Logger.Level.WARNING, "cannot restore " + file + ": " + e);
        }
    }

    public static boolean exists(Path cacheDirectory) {
        return Files.isRegularFile(cacheDirectory.resolve(FILE));
    }

    /**
     * Writes the configuration. A factory that cannot be serialized (a lambda or anonymous class
     * holding something that is not serializable) costs only itself: it is left out, and the file
     * and one warning name it.
     */
    public static void write(Path cacheDirectory, MutableConfiguration<?, ?> configuration,
                             io.github.jdiskcache.store.FilePermissions permissions) {
        MutableConfiguration<?, ?> kept = withoutListeners(configuration);
        if (PlainKeptConfiguration.keeps(cacheDirectory, kept)) {
            return; // kept already, as a restart's createCache usually finds it
        }
        List<String> notKept = withoutUnserializableFactories(kept);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(kept);
            // After the configuration, which is all earlier versions read: the type names, for a JVM
            // that cannot load a factory's class and must still compare types (KeptTypes), and what
            // was left out, for whoever wonders why another JVM has no loader.
            out.writeUTF(kept.getKeyType().getName());
            out.writeUTF(kept.getValueType().getName());
            out.writeInt(notKept.size());
            for (String part : notKept) {
                out.writeUTF(part);
            }
        } catch (IOException e) {
            throw new javax.cache.CacheException("cannot serialize the configuration of " + cacheDirectory + ": " + e, e);
        }
        if (!notKept.isEmpty()) {
            log().log(System.Logger.Level.WARNING, "the configuration of " + cacheDirectory + " is kept for later opens"
                    + " and other JVMs without " + String.join("; ", notKept));
        }
        byte[] serialized = bytes.toByteArray();
        try {
            permissions.createDirectories(cacheDirectory);
            permissions.replaceAtomically(cacheDirectory.resolve(FILE), serialized);
        } catch (IOException e) {
            throw new javax.cache.CacheException("cannot write " + cacheDirectory.resolve(FILE) + ": " + e, e);
        }
        try {
            PlainKeptConfiguration.write(cacheDirectory, kept, serialized, permissions);
        } catch (IOException e) {
            // Only a shortcut: a copy not written (or a stale one not removed) is never used for this file.
            log().log(System.Logger.Level.WARNING, "cannot write " + cacheDirectory.resolve(PlainKeptConfiguration.FILE)
                    + " (" + e + "); opens deserialize the configuration instead");
        }
    }

    /** Removes the factories that cannot be serialized from {@code kept}; says which, and why. */
    private static List<String> withoutUnserializableFactories(MutableConfiguration<?, ?> kept) {
        List<String> notKept = new ArrayList<>();
        if (unserializable(kept.getExpiryPolicyFactory(), "expiryPolicyFactory", notKept)) {
            kept.setExpiryPolicyFactory(null);
        }
        if (unserializable(kept.getCacheLoaderFactory(), "cacheLoaderFactory", notKept)) {
            kept.setCacheLoaderFactory(null);
        }
        if (unserializable(kept.getCacheWriterFactory(), "cacheWriterFactory", notKept)) {
            kept.setCacheWriterFactory(null);
        }
        if (kept instanceof DiskCacheConfiguration<?, ?> disk && unserializable(disk.getSerializerFactory(),
                "serializerFactory", notKept)) {
            disk.forgetSerializerFactory();
        }
        return notKept;
    }

    private static boolean unserializable(Object factory, String part, List<String> notKept) {
        if (factory == null) {
            return false;
        }
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(factory);
            return false;
        } catch (IOException e) {
            notKept.add(part + " " + factory.getClass().getName() + " (not kept: it cannot be serialized: " + e + ")");
            return true;
        }
    }

    /** The kept configuration, or null when there is none or it can no longer be read (e.g. a class is gone). */
    public static MutableConfiguration<?, ?> read(Path cacheDirectory, ClassLoader classLoader) {
        Path file = cacheDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            byte[] serialized = Files.readAllBytes(file);
            MutableConfiguration<?, ?> plain = PlainKeptConfiguration.read(cacheDirectory, serialized, classLoader);
            if (plain != null) {
                return plain;
            }
            try (ObjectInputStream in = openKept(serialized, classLoader)) {
                return (MutableConfiguration<?, ?>) in.readObject();
            }
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            log().log(System.Logger.Level.WARNING, "cannot read " + file + " (" + e
                    + "); the cache opens with the default configuration");
            return null;
        }
    }

    /**
     * The key and value type names of the kept configuration, or null when none is kept. They are
     * known even when a factory's class is missing here: the stream goes on past the object it
     * cannot build, to the names written after it.
     *
     * @throws javax.cache.CacheException when the file exists but its types cannot be read
     */
    static KeptTypes keptTypes(Path cacheDirectory, ClassLoader classLoader) {
        Path file = cacheDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            byte[] serialized = Files.readAllBytes(file);
            KeptTypes plain = PlainKeptConfiguration.keptTypes(cacheDirectory, serialized);
            if (plain != null) {
                return plain;
            }
            try (ObjectInputStream in = openKept(serialized, classLoader)) {
                try {
                    MutableConfiguration<?, ?> kept = (MutableConfiguration<?, ?>) in.readObject();
                    return new KeptTypes(kept.getKeyType().getName(), kept.getValueType().getName());
                } catch (ClassNotFoundException e) {
                    return new KeptTypes(in.readUTF(), in.readUTF());
                }
            }
        } catch (IOException | ClassCastException e) {
            throw new javax.cache.CacheException("cannot read the key and value types of the configuration kept in "
                    + file + " (" + e + "); it is left as it is. Open the cache with getCache, or remove it with"
                    + " destroyCache (which deletes its entries) to create it anew", e);
        }
    }

    /**
     * The file is data too: its factories are deserialized, so gadget classes are refused, and no
     * array may claim more than the file's bytes can hold.
     */
    private static ObjectInputStream openKept(byte[] bytes, ClassLoader classLoader) throws IOException {
        return new ClassLoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader,
                DeserializationFilter.boundedBy(DeserializationFilter.rejectingKnownGadgets(), bytes.length));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static MutableConfiguration<?, ?> withoutListeners(MutableConfiguration<?, ?> configuration) {
        MutableConfiguration copy = configuration instanceof DiskCacheConfiguration<?, ?> disk
                ? new DiskCacheConfiguration(disk) : new MutableConfiguration(configuration);
        for (Object listener : new ArrayList<Object>((java.util.Collection) copy.getCacheEntryListenerConfigurations())) {
            copy.removeCacheEntryListenerConfiguration((CacheEntryListenerConfiguration) listener);
        }
        return copy;
    }
}
