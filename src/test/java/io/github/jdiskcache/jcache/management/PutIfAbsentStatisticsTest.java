package io.github.jdiskcache.jcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.DiskCache;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/** putIfAbsent is a hit only when it finds a live entry; it is a put only when it stores one. */
class PutIfAbsentStatisticsTest {
    @TempDir
    Path directory;

    @Test
    void anAbsentKeyIsAMissEvenWhenAZeroCreationExpiryStoresNothing() {
        try (CacheManager manager = new DiskCachingProvider().getCacheManager(directory.toUri(), getClass().getClassLoader())) {
            Cache<String, String> cache = manager.createCache("zero", new MutableConfiguration<String, String>()
                    .setTypes(String.class, String.class)
                    .setStatisticsEnabled(true)
                    .setExpiryPolicyFactory(FactoryBuilder.factoryOf(new CreatedExpiryPolicy(Duration.ZERO))));
            CacheStatistics statistics = cache.unwrap(DiskCache.class).statistics();

            assertFalse(cache.putIfAbsent("k", "v"), "an entry that expires at creation is not stored");

            assertEquals(0, statistics.getCacheHits());
            assertEquals(1, statistics.getCacheMisses());
            assertEquals(0, statistics.getCachePuts());
        }
    }

    @Test
    void aLiveEntryIsAHitAndAnAbsentOneAMissAndAPut() {
        try (CacheManager manager = new DiskCachingProvider().getCacheManager(directory.toUri(), getClass().getClassLoader())) {
            Cache<String, String> cache = manager.createCache("plain", new MutableConfiguration<String, String>()
                    .setTypes(String.class, String.class)
                    .setStatisticsEnabled(true));
            CacheStatistics statistics = cache.unwrap(DiskCache.class).statistics();

            assertTrue(cache.putIfAbsent("k", "v"));
            assertFalse(cache.putIfAbsent("k", "w"));

            assertEquals(1, statistics.getCacheHits());
            assertEquals(1, statistics.getCacheMisses());
            assertEquals(1, statistics.getCachePuts());
        }
    }
}
