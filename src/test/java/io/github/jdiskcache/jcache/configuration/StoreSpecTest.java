package io.github.jdiskcache.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;

import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FanoutCache;

/**
 * Hibernate names its regions after entities and collections ({@code eco.Author},
 * {@code eco.Author.books}), so one cache's name is often the start of another's: a
 * {@code cache.<name>.<key>} property belongs to the cache whose name leaves exactly a setting name.
 */
class StoreSpecTest {
    @TempDir
    Path work;

    private static StoreSpec spec(Properties properties, String cacheName) {
        return StoreSpec.from(properties, cacheName, new MutableConfiguration<>(), StoreSpecTest.class.getClassLoader());
    }

    @Test
    void aKeyOfALongerDottedCacheNameIsNotTheShorterCachesKey() {
        Properties properties = new Properties();
        properties.setProperty("cache.eco.Author.books.shards", "2");
        assertNull(spec(properties, "eco.Author").shards());
        assertEquals(2, spec(properties, "eco.Author.books").shards());

        properties.setProperty("cache.eco.Author.shards", "3");
        assertEquals(3, spec(properties, "eco.Author").shards());
        assertEquals(2, spec(properties, "eco.Author.books").shards());
    }

    @Test
    void aTypoAfterACacheNameIsStillAnError() {
        Properties properties = new Properties();
        properties.setProperty("cache.eco.Author.shardz", "3");
        CacheException typo = assertThrows(CacheException.class, () -> spec(properties, "eco.Author"));
        assertTrue(typo.getMessage().contains("shardz"), typo.getMessage());
    }

    @Test
    void theJCacheKeysAreKnownAndAnAlmostJCacheKeyIsStillATypo() {
        Properties properties = new Properties();
        properties.setProperty("statistics_enabled", "true");
        properties.setProperty("management_enabled", "false");
        properties.setProperty("expiry", "eternal");
        properties.setProperty("cache.eco.Author.expiry", "created:PT1H");
        spec(properties, "eco.Author");

        properties.setProperty("statistic_enabled", "true");
        CacheException typo = assertThrows(CacheException.class, () -> spec(properties, "eco.Author"));
        assertTrue(typo.getMessage().contains("statistic_enabled"), typo.getMessage());
    }

    /** diskcache's statistics setting is a 0/1 counter in each shard; "true" is someone looking for JCache's. */
    @Test
    void statisticsTrueSaysWhichKeyTurnsOnJCacheStatistics() {
        Properties properties = new Properties();
        properties.setProperty("statistics", "true");
        CacheException confused = assertThrows(CacheException.class, () -> spec(properties, "c"));
        assertTrue(confused.getMessage().contains("statistics_enabled=true"), confused.getMessage());

        properties.setProperty("statistics", "1");
        assertEquals(1L, spec(properties, "c").settings().get("statistics"));
    }

    @Test
    void aHibernateApplicationWithRegionsInsideEachOtherStarts() {
        Properties properties = new Properties();
        properties.setProperty("cache.eco.Author.books.shards", "2");
        DiskCachingProvider provider = new DiskCachingProvider();
        try (CacheManager manager = provider.getCacheManager(work.toUri(), getClass().getClassLoader(), properties)) {
            FanoutCache author = manager.createCache("eco.Author", new MutableConfiguration<>()).unwrap(FanoutCache.class);
            FanoutCache books = manager.createCache("eco.Author.books", new MutableConfiguration<>())
                    .unwrap(FanoutCache.class);
            assertEquals(8, author.shardCount());
            assertEquals(2, books.shardCount());
        } finally {
            provider.close();
        }
    }

    @Test
    void picklePlainValuesIsOffUnlessAPropertyTurnsItOn() {
        Properties properties = new Properties();
        assertEquals(false, spec(properties, "plain").options().picklePlainValues());
        properties.setProperty("pickle_plain_values", "true");
        properties.setProperty("cache.java.pickle_plain_values", "false");
        assertEquals(true, spec(properties, "plain").options().picklePlainValues());
        assertEquals(false, spec(properties, "java").options().picklePlainValues());
        properties.setProperty("pickle_plain_values", "yes");
        CacheException invalid = assertThrows(CacheException.class, () -> spec(properties, "plain"));
        assertTrue(invalid.getMessage().contains("pickle_plain_values"), invalid.getMessage());
    }
}
