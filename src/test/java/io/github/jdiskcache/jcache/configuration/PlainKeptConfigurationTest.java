package io.github.jdiskcache.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.integration.CacheLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.jdiskcache.store.EvictionPolicy;
import io.github.jdiskcache.store.FilePermissions;
import io.github.jdiskcache.store.JavaSerializer;

/**
 * The plain copy of a kept configuration: read instead of the serialized file only while it was made
 * from exactly that file, and then the same configuration the serialized file holds.
 */
class PlainKeptConfigurationTest {
    @TempDir
    Path cache;

    private final ClassLoader loader = getClass().getClassLoader();

    static List<MutableConfiguration<?, ?>> plainConfigurations() {
        return List.of(
                new MutableConfiguration<>(),
                new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class),
                new MutableConfiguration<Long, Double>().setTypes(Long.class, Double.class)
                        .setReadThrough(true).setWriteThrough(true).setStatisticsEnabled(true)
                        .setManagementEnabled(true).setStoreByValue(false),
                new MutableConfiguration<>().setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR)),
                new MutableConfiguration<>().setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ZERO)),
                new MutableConfiguration<>().setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ETERNAL)),
                new MutableConfiguration<>().setExpiryPolicyFactory(
                        AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 1500))),
                new MutableConfiguration<>().setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(Duration.TEN_MINUTES)),
                new MutableConfiguration<>().setExpiryPolicyFactory(
                        TouchedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 7))),
                new MutableConfiguration<>().setExpiryPolicyFactory(EternalExpiryPolicy.factoryOf()),
                new DiskCacheConfiguration<>(),
                new DiskCacheConfiguration<String, String>().setTypes(String.class, String.class).setShards(4)
                        .setSizeLimit(1L << 30).setEvictionPolicy(EvictionPolicy.LEAST_FREQUENTLY_USED).setCullLimit(0)
                        .setMinFileSize(65_536).setLockTimeout(java.time.Duration.ofMillis(250)));
    }

    private byte[] serialized() throws Exception {
        return Files.readAllBytes(cache.resolve(PersistedConfiguration.FILE));
    }

    private Path plainFile() {
        return cache.resolve(PlainKeptConfiguration.FILE);
    }

    /** What an older version reads: the serialized file alone. */
    private MutableConfiguration<?, ?> deserialized() throws Exception {
        byte[] plain = Files.readAllBytes(plainFile());
        Files.delete(plainFile());
        try {
            return PersistedConfiguration.read(cache, loader);
        } finally {
            Files.write(plainFile(), plain);
        }
    }

    @ParameterizedTest
    @MethodSource("plainConfigurations")
    void theCopyHoldsTheConfigurationTheSerializedFileHolds(MutableConfiguration<?, ?> configuration) throws Exception {
        PersistedConfiguration.write(cache, configuration, FilePermissions.ownerOnly());

        MutableConfiguration<?, ?> plain = PlainKeptConfiguration.read(cache, serialized(), loader);
        assertNotNull(plain, "a plain copy was written and is read");
        MutableConfiguration<?, ?> deserialized = deserialized();
        assertEquals(deserialized.getClass(), plain.getClass());
        assertEquals(deserialized, plain);
        assertEquals(deserialized.getExpiryPolicyFactory().create(), plain.getExpiryPolicyFactory().create());
        if (deserialized instanceof DiskCacheConfiguration<?, ?> disk) {
            DiskCacheConfiguration<?, ?> copy = (DiskCacheConfiguration<?, ?>) plain;
            assertEquals(disk.getLockTimeout(), copy.getLockTimeout());
            assertEquals(disk.getEvictionPolicy(), copy.getEvictionPolicy());
        }
    }

    @Test
    void anOpenReadsTheCopyWithoutDeserializing() throws Exception {
        MutableConfiguration<String, byte[]> configuration = new MutableConfiguration<String, byte[]>()
                .setTypes(String.class, byte[].class).setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_DAY));
        PersistedConfiguration.write(cache, configuration, FilePermissions.ownerOnly());
        // Bytes no deserialization can read, with the copy bound to them: only a read of the copy succeeds.
        byte[] unreadable = "not a serialization stream".getBytes(StandardCharsets.UTF_8);
        String text = Files.readString(plainFile(), StandardCharsets.UTF_8);
        Files.writeString(plainFile(), text.replace(PlainKeptConfiguration.fingerprint(serialized()),
                PlainKeptConfiguration.fingerprint(unreadable)), StandardCharsets.UTF_8);
        Files.write(cache.resolve(PersistedConfiguration.FILE), unreadable);

        assertEquals(configuration, PersistedConfiguration.read(cache, loader));
        Files.delete(plainFile());
        assertNull(PersistedConfiguration.read(cache, loader), "without the copy the same read deserializes, and fails");
    }

    /** createCache compares the kept types before adopting a cache: from the copy too, without deserializing. */
    @Test
    void theKeptTypesAreReadFromTheCopyWithoutDeserializing() throws Exception {
        PersistedConfiguration.write(cache, new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class),
                FilePermissions.ownerOnly());
        assertEquals(new KeptTypes("java.lang.String", "[B"), PersistedConfiguration.keptTypes(cache, loader));
        byte[] unreadable = "not a serialization stream".getBytes(StandardCharsets.UTF_8);
        String text = Files.readString(plainFile(), StandardCharsets.UTF_8);
        Files.writeString(plainFile(), text.replace(PlainKeptConfiguration.fingerprint(serialized()),
                PlainKeptConfiguration.fingerprint(unreadable)), StandardCharsets.UTF_8);
        Files.write(cache.resolve(PersistedConfiguration.FILE), unreadable);

        assertEquals(new KeptTypes("java.lang.String", "[B"), PersistedConfiguration.keptTypes(cache, loader));
        Files.delete(plainFile());
        assertThrows(CacheException.class, () -> PersistedConfiguration.keptTypes(cache, loader),
                "without the copy the types come from deserializing, which fails on these bytes");
    }

    @Test
    void aCopyMadeFromOtherSerializedBytesIsPassedOver() throws Exception {
        Path other = Files.createDirectory(cache.resolve("other"));
        MutableConfiguration<Long, Long> written = new MutableConfiguration<Long, Long>().setTypes(Long.class, Long.class);
        PersistedConfiguration.write(other, written, FilePermissions.ownerOnly());
        PersistedConfiguration.write(cache, new MutableConfiguration<String, String>().setTypes(String.class, String.class),
                FilePermissions.ownerOnly());
        // An older version (which writes only the serialized file) changes the configuration.
        Files.copy(other.resolve(PersistedConfiguration.FILE), cache.resolve(PersistedConfiguration.FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertTrue(Files.exists(plainFile()));
        assertEquals(written, PersistedConfiguration.read(cache, loader));
        assertEquals(new KeptTypes("java.lang.Long", "java.lang.Long"), PersistedConfiguration.keptTypes(cache, loader));
    }

    /** A restart's createCache usually keeps the configuration the cache has: nothing is written then. */
    @Test
    void keepingTheConfigurationAlreadyKeptWritesNothing() throws Exception {
        DiskCacheConfiguration<String, String> configuration = new DiskCacheConfiguration<String, String>()
                .setTypes(String.class, String.class).setSizeLimit(1L << 20);
        PersistedConfiguration.write(cache, configuration, FilePermissions.ownerOnly());
        FileTime longAgo = FileTime.fromMillis(0);
        Path serializedFile = cache.resolve(PersistedConfiguration.FILE);
        Files.setLastModifiedTime(serializedFile, longAgo);
        Files.setLastModifiedTime(plainFile(), longAgo);

        PersistedConfiguration.write(cache, new DiskCacheConfiguration<>(configuration), FilePermissions.ownerOnly());
        assertEquals(longAgo, Files.getLastModifiedTime(serializedFile));
        assertEquals(longAgo, Files.getLastModifiedTime(plainFile()));

        DiskCacheConfiguration<String, String> larger = new DiskCacheConfiguration<>(configuration).setSizeLimit(1L << 21);
        PersistedConfiguration.write(cache, larger, FilePermissions.ownerOnly());
        assertEquals(larger, PersistedConfiguration.read(cache, loader));
        assertEquals(larger, deserialized());
    }

    @Test
    void aDamagedCopyIsPassedOver() throws Exception {
        MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class).setStoreByValue(false);
        PersistedConfiguration.write(cache, configuration, FilePermissions.ownerOnly());
        String text = Files.readString(plainFile(), StandardCharsets.UTF_8);
        Files.writeString(plainFile(), text.replace("storeByValue=false", "storeByValue=maybe"), StandardCharsets.UTF_8);

        assertNull(PlainKeptConfiguration.read(cache, serialized(), loader));
        assertEquals(configuration, PersistedConfiguration.read(cache, loader));
    }

    /** A custom policy, serializable, but with no plain form. */
    public static final class NightlyExpiry implements ExpiryPolicy, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Duration getExpiryForCreation() {
            return Duration.ONE_DAY;
        }

        @Override
        public Duration getExpiryForAccess() {
            return null;
        }

        @Override
        public Duration getExpiryForUpdate() {
            return null;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NightlyExpiry;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** A loader given by class name, which the serialized file keeps and the plain copy cannot. */
    public static final class NoLoader implements CacheLoader<String, String> {
        @Override
        public String load(String key) {
            return null;
        }

        @Override
        public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
            return java.util.Map.of();
        }
    }

    static List<MutableConfiguration<?, ?>> configurationsWithoutAPlainForm() {
        return List.of(
                new MutableConfiguration<>().setExpiryPolicyFactory(new FactoryBuilder.SingletonFactory<>(new NightlyExpiry())),
                new MutableConfiguration<>().setExpiryPolicyFactory(FactoryBuilder.factoryOf(CreatedExpiryPolicy.class)),
                new MutableConfiguration<String, String>().setTypes(String.class, String.class)
                        .setCacheLoaderFactory(FactoryBuilder.factoryOf(NoLoader.class)).setReadThrough(true),
                new DiskCacheConfiguration<>().setSerializerFactory(FactoryBuilder.factoryOf(JavaSerializer.class)));
    }

    @ParameterizedTest
    @MethodSource("configurationsWithoutAPlainForm")
    void aConfigurationWithoutAPlainFormRemovesAnEarlierCopyAndReadsAsBefore(MutableConfiguration<?, ?> configuration)
            throws Exception {
        PersistedConfiguration.write(cache, new MutableConfiguration<>(), FilePermissions.ownerOnly());
        assertTrue(Files.exists(plainFile()));

        PersistedConfiguration.write(cache, configuration, FilePermissions.ownerOnly());

        assertTrue(Files.notExists(plainFile()));
        assertEquals(configuration, PersistedConfiguration.read(cache, loader));
    }

    @Test
    void undoingANewConfigurationRemovesItsCopy() throws Exception {
        PersistedConfiguration before = PersistedConfiguration.snapshot(cache);
        PersistedConfiguration.write(cache, new MutableConfiguration<>(), FilePermissions.ownerOnly());

        before.restore();

        assertTrue(Files.notExists(cache.resolve(PersistedConfiguration.FILE)));
        assertTrue(Files.notExists(plainFile()));
    }
}
