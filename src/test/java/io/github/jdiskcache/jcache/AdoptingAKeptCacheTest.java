package io.github.jdiskcache.jcache;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.configuration.PersistedConfiguration;
import io.github.jdiskcache.testing.FreshManagers;

/**
 * {@code createCache} adopts a cache another application (or an earlier run) keeps on disk, with
 * its own expiry policy, loader or writer; but not with other key or value types, which would
 * overwrite the kept configuration and break the application that created the cache.
 */
class AdoptingAKeptCacheTest {
    @TempDir
    Path work;

    private final FreshManagers managers = new FreshManagers();

    @AfterEach
    void closeManagers() {
        managers.close();
    }

    /** Another application over the same directory: its own provider and manager. */
    private CacheManager application() {
        return managers.over(work.toUri());
    }

    private Path keptFile(String cacheName) {
        return work.resolve(cacheName).resolve(PersistedConfiguration.FILE);
    }

    private static <K, V> MutableConfiguration<K, V> typed(Class<K> keyType, Class<V> valueType) {
        return new MutableConfiguration<K, V>().setTypes(keyType, valueType);
    }

    @Test
    void otherTypesAreRefusedAndTheKeptConfigurationStays() throws Exception {
        Cache<String, Long> counts = application().createCache("x", typed(String.class, Long.class));
        counts.put("a", 1L);
        byte[] kept = Files.readAllBytes(keptFile("x"));

        CacheException refused = assertThrows(CacheException.class,
                () -> application().createCache("x", typed(String.class, String.class)));
        assertTrue(refused.getMessage().contains("java.lang.String -> java.lang.Long"), refused.getMessage());
        assertTrue(refused.getMessage().contains("java.lang.String -> java.lang.String"), refused.getMessage());

        assertArrayEquals(kept, Files.readAllBytes(keptFile("x")));
        assertEquals(1L, application().getCache("x", String.class, Long.class).get("a"));
    }

    @Test
    void untypedAndTypedDoNotAdoptEachOther() throws Exception {
        application().createCache("untyped", new MutableConfiguration<>());
        byte[] untyped = Files.readAllBytes(keptFile("untyped"));
        CacheException narrowed = assertThrows(CacheException.class,
                () -> application().createCache("untyped", typed(String.class, Long.class)));
        assertTrue(narrowed.getMessage().contains("java.lang.Object -> java.lang.Object"), narrowed.getMessage());
        assertArrayEquals(untyped, Files.readAllBytes(keptFile("untyped")));

        application().createCache("typed", typed(String.class, Long.class));
        byte[] typed = Files.readAllBytes(keptFile("typed"));
        assertThrows(CacheException.class, () -> application().createCache("typed", new MutableConfiguration<>()));
        assertArrayEquals(typed, Files.readAllBytes(keptFile("typed")));
    }

    @Test
    void theSameTypesAdoptTheCacheWithAnotherExpiry() {
        Cache<String, Long> first = application().createCache("x", typed(String.class, Long.class));
        first.put("a", 1L);
        Cache<String, Long> adopted = application().createCache("x", typed(String.class, Long.class)
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR)));
        assertEquals(1L, adopted.get("a"));
        CompleteConfiguration<String, Long> kept = application().getCache("x", String.class, Long.class)
                .getConfiguration(CompleteConfiguration.class);
        assertEquals(Duration.ONE_HOUR, kept.getExpiryPolicyFactory().create().getExpiryForCreation());
    }

    /** Stands for a loader factory of another application, whose classes this one does not have. */
    public static final class ForeignLoaderFactory implements Factory<CacheLoader<String, Long>> {
        @Override
        public CacheLoader<String, Long> create() {
            return new CacheLoader<>() {
                @Override
                public Long load(String key) {
                    return 0L;
                }

                @Override
                public Map<String, Long> loadAll(Iterable<? extends String> keys) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    @Test
    void typesAreComparedEvenWhenAKeptFactoryIsNotOnThisClassPath() throws Exception {
        application().createCache("x", typed(String.class, Long.class)
                .setCacheLoaderFactory(new ForeignLoaderFactory()));
        // Renamed in place (same length) to a class no class path has: what an application without
        // the other one's classes reads.
        String renamed = new String(Files.readAllBytes(keptFile("x")), ISO_8859_1)
                .replace("ForeignLoaderFactory", "MissingLoaderFactory");
        Files.write(keptFile("x"), renamed.getBytes(ISO_8859_1));

        CacheException refused = assertThrows(CacheException.class,
                () -> application().createCache("x", typed(String.class, String.class)));
        assertTrue(refused.getMessage().contains("java.lang.String -> java.lang.Long"), refused.getMessage());
        assertEquals(renamed, new String(Files.readAllBytes(keptFile("x")), ISO_8859_1));

        application().createCache("x", typed(String.class, Long.class)).put("k", 2L);
        assertEquals(2L, application().getCache("x", String.class, Long.class).get("k"));
    }
}
