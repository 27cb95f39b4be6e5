package io.github.jdiskcache.jcache.configuration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

import io.github.jdiskcache.store.EvictionPolicy;
import io.github.jdiskcache.store.FilePermissions;

/**
 * The kept configuration once more, as plain text ({@value #FILE}), for configurations made only of
 * parts that have a plain form: the types, the flags, jdiskcache's settings, no loader, writer or
 * serializer factory, and expiry by one of JCache's five standard policies. Opening a cache reads
 * it instead of deserializing {@link PersistedConfiguration#FILE}: Java serialization sets itself up
 * and generates accessor classes on first use, 35-60 ms of a fresh JVM (docs/performance.md).
 *
 * <p>The serialized file stays the one that counts (older versions read and write only it). This
 * copy names the length and CRC-32 of the serialized bytes it was made from and is used only while
 * they match: a configuration written since by an older version, a crash between the two writes, or
 * a restored snapshot each make it stale, and the serialized file is read as before. A copy that
 * cannot be read for any other reason is passed over the same way.
 */
final class PlainKeptConfiguration {
    static final String FILE = "jcache-configuration.plain";
    private static final String FORMAT = "jdiskcache-kept-configuration 1";

    private PlainKeptConfiguration() {
    }

    /**
     * Writes the plain copy of {@code kept} (whose serialized form is {@code serialized}) when it has
     * one, else removes a copy left from an earlier configuration.
     */
    static void write(Path cacheDirectory, MutableConfiguration<?, ?> kept, byte[] serialized, FilePermissions permissions)
            throws IOException {
        Path file = cacheDirectory.resolve(FILE);
        String text = encode(kept, serialized);
        if (text == null) {
            Files.deleteIfExists(file);
            return;
        }
        permissions.replaceAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The plain copy's text, or null when there is none. */
    private static String text(Path cacheDirectory) throws IOException {
        Path file = cacheDirectory.resolve(FILE);
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    }

    /**
     * The configuration the plain copy in {@code cacheDirectory} describes, when it is there and was
     * made from exactly {@code serialized}; else null, and the serialized file must be read.
     */
    static MutableConfiguration<?, ?> read(Path cacheDirectory, byte[] serialized, ClassLoader classLoader) {
        try {
            String text = text(cacheDirectory);
            return text == null ? null : decode(text, serialized, classLoader);
        } catch (IOException | RuntimeException | ClassNotFoundException e) {
            System.getLogger(PlainKeptConfiguration.class.getName()).log(System.Logger.Level.DEBUG,
                    "passing over " + cacheDirectory.resolve(FILE) + " (" + e + "); reading the serialized configuration");
            return null;
        }
    }

    /** The plain text of {@code kept}, or null when a part of it has no plain form. */
    static String encode(MutableConfiguration<?, ?> kept, byte[] serialized) {
        if (kept.getCacheLoaderFactory() != null || kept.getCacheWriterFactory() != null
                || kept.getCacheEntryListenerConfigurations().iterator().hasNext()) {
            return null;
        }
        String expiry = expiryOf(kept.getExpiryPolicyFactory());
        if (expiry == null) {
            return null;
        }
        StringBuilder text = new StringBuilder(FORMAT).append('\n');
        line(text, "serialized", fingerprint(serialized));
        line(text, "class", kept.getClass().getSimpleName());
        line(text, "keyType", kept.getKeyType().getName());
        line(text, "valueType", kept.getValueType().getName());
        line(text, "readThrough", kept.isReadThrough());
        line(text, "writeThrough", kept.isWriteThrough());
        line(text, "statisticsEnabled", kept.isStatisticsEnabled());
        line(text, "managementEnabled", kept.isManagementEnabled());
        line(text, "storeByValue", kept.isStoreByValue());
        line(text, "expiry", expiry);
        if (kept.getClass() == DiskCacheConfiguration.class) {
            DiskCacheConfiguration<?, ?> disk = (DiskCacheConfiguration<?, ?>) kept;
            if (disk.getSerializerFactory() != null) {
                return null;
            }
            line(text, "shards", disk.getShards());
            line(text, "sizeLimit", disk.getSizeLimit());
            line(text, "evictionPolicy", disk.getEvictionPolicy() == null ? null : disk.getEvictionPolicy().name());
            line(text, "cullLimit", disk.getCullLimit());
            line(text, "minFileSize", disk.getMinFileSize());
            line(text, "lockTimeout", disk.getLockTimeout());
        } else if (kept.getClass() != MutableConfiguration.class) {
            return null;
        }
        return text.toString();
    }

    /**
     * True when {@code cacheDirectory} keeps {@code kept} already: its plain copy is current (made from
     * the serialized file as it is now) and says exactly what {@code kept}'s would. Keeping it again
     * would write the same, and would set up Java serialization in a fresh JVM to do so.
     */
    static boolean keeps(Path cacheDirectory, MutableConfiguration<?, ?> kept) {
        Path serializedFile = cacheDirectory.resolve(PersistedConfiguration.FILE);
        try {
            String current = text(cacheDirectory);
            if (current == null || !Files.isRegularFile(serializedFile)) {
                return false;
            }
            return current.equals(encode(kept, Files.readAllBytes(serializedFile)));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The key and value type names of the plain copy in {@code cacheDirectory}, when it is there and
     * was made from exactly {@code serialized}; else null, and the serialized file must be read.
     */
    static KeptTypes keptTypes(Path cacheDirectory, byte[] serialized) {
        try {
            String text = text(cacheDirectory);
            Map<String, String> lines = text == null ? null : lines(text, serialized);
            return lines == null ? null : new KeptTypes(required(lines, "keyType"), required(lines, "valueType"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static MutableConfiguration<?, ?> decode(String text, byte[] serialized, ClassLoader classLoader)
            throws ClassNotFoundException {
        Map<String, String> lines = lines(text, serialized);
        if (lines == null) {
            return null;
        }
        String type = required(lines, "class");
        boolean disk = type.equals(DiskCacheConfiguration.class.getSimpleName());
        if (!disk && !type.equals(MutableConfiguration.class.getSimpleName())) {
            return null;
        }
        MutableConfiguration configuration = disk ? new DiskCacheConfiguration() : new MutableConfiguration();
        configuration.setTypes(Class.forName(required(lines, "keyType"), false, classLoader),
                Class.forName(required(lines, "valueType"), false, classLoader));
        configuration.setReadThrough(flag(lines, "readThrough"));
        configuration.setWriteThrough(flag(lines, "writeThrough"));
        configuration.setStatisticsEnabled(flag(lines, "statisticsEnabled"));
        configuration.setManagementEnabled(flag(lines, "managementEnabled"));
        configuration.setStoreByValue(flag(lines, "storeByValue"));
        configuration.setExpiryPolicyFactory(expiryFactory(required(lines, "expiry")));
        if (disk) {
            // Plain ifs rather than a lambda per setting: each lambda's first call costs a fresh JVM time.
            DiskCacheConfiguration settings = (DiskCacheConfiguration) configuration;
            if (lines.containsKey("shards")) {
                settings.setShards(Integer.parseInt(lines.get("shards")));
            }
            if (lines.containsKey("sizeLimit")) {
                settings.setSizeLimit(Long.parseLong(lines.get("sizeLimit")));
            }
            if (lines.containsKey("evictionPolicy")) {
                settings.setEvictionPolicy(EvictionPolicy.valueOf(lines.get("evictionPolicy")));
            }
            if (lines.containsKey("cullLimit")) {
                settings.setCullLimit(Long.parseLong(lines.get("cullLimit")));
            }
            if (lines.containsKey("minFileSize")) {
                settings.setMinFileSize(Long.parseLong(lines.get("minFileSize")));
            }
            if (lines.containsKey("lockTimeout")) {
                settings.setLockTimeout(java.time.Duration.parse(lines.get("lockTimeout")));
            }
        }
        return configuration;
    }

    /** The copy's {@code name=value} lines, or null when it is not one or was made from other serialized bytes. */
    private static Map<String, String> lines(String text, byte[] serialized) {
        Map<String, String> lines = new HashMap<>();
        String[] all = text.split("\n");
        if (all.length == 0 || !all[0].equals(FORMAT)) {
            return null;
        }
        for (int i = 1; i < all.length; i++) {
            int equals = all[i].indexOf('=');
            if (equals < 0) {
                return null;
            }
            lines.put(all[i].substring(0, equals), all[i].substring(equals + 1));
        }
        return fingerprint(serialized).equals(lines.get("serialized")) ? lines : null;
    }

    /** The serialized bytes' length and CRC-32: what binds this copy to one serialized file. */
    static String fingerprint(byte[] serialized) {
        CRC32 crc = new CRC32();
        crc.update(serialized);
        return serialized.length + ":" + Long.toHexString(crc.getValue());
    }

    /**
     * A standard policy made by its own {@code factoryOf} (a singleton factory, which is what
     * MutableConfiguration's default is too) as {@code <policy>} or {@code <policy> <unit> <amount>};
     * null for anything else.
     */
    private static String expiryOf(Factory<ExpiryPolicy> factory) {
        if (factory == null || factory.getClass() != FactoryBuilder.SingletonFactory.class) {
            return null;
        }
        ExpiryPolicy policy = factory.create();
        Class<?> type = policy == null ? null : policy.getClass();
        if (type == EternalExpiryPolicy.class) {
            return "eternal";
        }
        String name = type == CreatedExpiryPolicy.class ? "created" : type == AccessedExpiryPolicy.class ? "accessed"
                : type == ModifiedExpiryPolicy.class ? "modified" : type == TouchedExpiryPolicy.class ? "touched" : null;
        Duration duration = name == null ? null : policy.getExpiryForCreation();
        if (duration == null) {
            return null;
        }
        return name + " " + (duration.getTimeUnit() == null ? "ETERNAL" : duration.getTimeUnit().name()) + " "
                + duration.getDurationAmount();
    }

    private static Factory<ExpiryPolicy> expiryFactory(String text) {
        String[] parts = text.split(" ");
        if (parts.length == 1 && parts[0].equals("eternal")) {
            return EternalExpiryPolicy.factoryOf();
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("expiry " + text);
        }
        Duration duration = parts[1].equals("ETERNAL") ? Duration.ETERNAL
                : new Duration(TimeUnit.valueOf(parts[1]), Long.parseLong(parts[2]));
        return switch (parts[0]) {
            case "created" -> CreatedExpiryPolicy.factoryOf(duration);
            case "accessed" -> AccessedExpiryPolicy.factoryOf(duration);
            case "modified" -> ModifiedExpiryPolicy.factoryOf(duration);
            case "touched" -> TouchedExpiryPolicy.factoryOf(duration);
            default -> throw new IllegalArgumentException("expiry " + text);
        };
    }

    private static void line(StringBuilder text, String name, Object value) {
        if (value != null) {
            text.append(name).append('=').append(value).append('\n');
        }
    }

    private static String required(Map<String, String> lines, String name) {
        String value = lines.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no " + name);
        }
        return value;
    }

    private static boolean flag(Map<String, String> lines, String name) {
        String value = required(lines, name);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(name + "=" + value);
        }
        return value.equals("true");
    }

}
