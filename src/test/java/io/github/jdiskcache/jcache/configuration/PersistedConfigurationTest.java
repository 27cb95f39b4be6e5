package io.github.jdiskcache.jcache.configuration;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.FreshManagers;
import io.github.jdiskcache.testing.LogRecords;

/**
 * The kept configuration is what another JVM, or a later run, opens a cache with: a factory that
 * cannot be serialized (a lambda capturing a connection, an anonymous class of a service) must
 * cost only itself, not the types, expiry policy and flags around it.
 */
class PersistedConfigurationTest {
    @TempDir
    Path work;

    private final FreshManagers managers = new FreshManagers();

    @AfterEach
    void closeManagers() {
        managers.close();
    }

    /** A fresh provider, so nothing of an earlier manager is remembered in memory. */
    private CacheManager freshManager() {
        return managers.over(work.toUri());
    }

    private String keptFile(String cacheName) throws Exception {
        return new String(Files.readAllBytes(work.resolve(cacheName).resolve(PersistedConfiguration.FILE)), ISO_8859_1);
    }

    /** Something a loader needs that is not serializable, like a database connection. */
    private static final class Connection {
    }

    private static final class LengthLoader implements CacheLoader<String, Long> {
        private final Connection connection;

        LengthLoader(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Long load(String key) {
            return connection == null ? null : (long) key.length();
        }

        @Override
        public Map<String, Long> loadAll(Iterable<? extends String> keys) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aLambdaLoaderFactoryIsNotKeptButTypesExpiryAndFlagsAre() throws Exception {
        Connection connection = new Connection();
        Factory<CacheLoader<String, Long>> loaderFactory = () -> new LengthLoader(connection);
        CacheManager creator = freshManager();
        creator.createCache("x", new MutableConfiguration<String, Long>()
                .setTypes(String.class, Long.class)
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR))
                .setStatisticsEnabled(true)
                .setReadThrough(true)
                .setCacheLoaderFactory(loaderFactory));
        creator.close();

        Cache<String, Long> reopened = freshManager().getCache("x", String.class, Long.class);
        CompleteConfiguration<String, Long> kept = reopened.getConfiguration(CompleteConfiguration.class);
        assertEquals(Duration.ONE_HOUR, kept.getExpiryPolicyFactory().create().getExpiryForCreation());
        assertTrue(kept.isStatisticsEnabled());
        assertTrue(kept.isReadThrough());
        assertNull(kept.getCacheLoaderFactory());
        String file = keptFile("x");
        assertTrue(file.contains("not kept"), "the file says what it lacks");
        assertTrue(file.contains(loaderFactory.getClass().getName()), "the file names the factory it lacks");
    }

    @Test
    void anonymousFactoriesOfADiskCacheConfigurationAreNamedInOneWarning() throws Exception {
        Factory<CacheLoader<String, Long>> loaderFactory = new Factory<>() {
            @Override
            public CacheLoader<String, Long> create() {
                return new LengthLoader(null);
            }
        };
        Factory<CacheWriter<String, Long>> writerFactory = new Factory<>() {
            @Override
            public CacheWriter<String, Long> create() {
                return new CacheWriter<>() {
                    @Override
                    public void write(Cache.Entry<? extends String, ? extends Long> entry) {
                    }

                    @Override
                    public void writeAll(Collection<Cache.Entry<? extends String, ? extends Long>> entries) {
                    }

                    @Override
                    public void delete(Object key) {
                    }

                    @Override
                    public void deleteAll(Collection<?> keys) {
                    }
                };
            }
        };
        List<String> warnings;
        try (LogRecords log = LogRecords.of(PersistedConfiguration.class)) {
            freshManager().createCache("anonymous", new DiskCacheConfiguration<String, Long>()
                    .setTypes(String.class, Long.class)
                    .setShards(2)
                    .setLockTimeout(java.time.Duration.ofSeconds(3))
                    .setCacheLoaderFactory(loaderFactory)
                    .setWriteThrough(true)
                    .setCacheWriterFactory(writerFactory));
            warnings = log.warnings();
        }

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(loaderFactory.getClass().getName()), warnings.get(0));
        assertTrue(warnings.get(0).contains(writerFactory.getClass().getName()), warnings.get(0));

        DiskCacheConfiguration<String, Long> kept = freshManager().getCache("anonymous", String.class, Long.class)
                .getConfiguration(DiskCacheConfiguration.class);
        assertEquals(2, kept.getShards());
        assertEquals(java.time.Duration.ofSeconds(3), kept.getLockTimeout());
        assertTrue(kept.isWriteThrough());
        assertNull(kept.getCacheLoaderFactory());
        assertNull(kept.getCacheWriterFactory());
        String file = keptFile("anonymous");
        assertTrue(file.contains(loaderFactory.getClass().getName()));
        assertTrue(file.contains(writerFactory.getClass().getName()));
    }

    /** A kept file is data anyone who can write the folder may plant: it must not make a reader allocate gigabytes. */
    @Test
    void aKeptFileClaimingAHugeArrayIsRefusedNotAllocated() throws Exception {
        try (CacheManager first = freshManager()) {
            first.createCache("planted", new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new long[0]);
        }
        byte[] bomb = bytes.toByteArray();
        ByteBuffer.wrap(bomb, bomb.length - 4, 4).putInt(Integer.MAX_VALUE);
        Files.write(work.resolve("planted").resolve(PersistedConfiguration.FILE), bomb);

        CacheManager manager = freshManager();
        CacheException refused = assertThrows(CacheException.class, () -> manager.createCache("planted",
                new MutableConfiguration<String, Long>().setTypes(String.class, Long.class)));
        assertTrue(refused.getMessage().contains("cannot read the key and value types"), refused.getMessage());
        Cache<Object, Object> opened = manager.getCache("planted");
        assertEquals(Object.class, opened.getConfiguration(CompleteConfiguration.class).getKeyType(),
                "an unreadable kept configuration opens the cache with the default one");
        assertTrue(Files.readAllBytes(work.resolve("planted").resolve(PersistedConfiguration.FILE)).length == bomb.length,
                "the planted file is left as it is");
    }
}
