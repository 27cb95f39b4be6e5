package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.EvictionPolicy;
import io.github.jdiskcache.testing.ManualClock;

/** Reads through JCache count as uses for the LRU policy: get (fast and listener paths) and iteration. */
class EvictionThroughJCacheTest {
    @TempDir
    Path directory;

    /** A listener that only makes the cache take its listener-aware read path. */
    public static final class Quiet implements CacheEntryCreatedListener<String, byte[]>, java.io.Serializable {
        @Override
        public void onCreated(Iterable<javax.cache.event.CacheEntryEvent<? extends String, ? extends byte[]>> events) {
        }
    }

    @ParameterizedTest
    @CsvSource({"false,false", "true,false", "false,true"})
    void leastRecentlyUsedKeepsWhatWasReadThroughJCache(boolean withListener, boolean readByIteration) {
        ManualClock clock = new ManualClock();
        try (CacheManager manager = new DiskCacheManager(new DiskCachingProvider(), directory.toUri(),
                getClass().getClassLoader(), new Properties(), closed -> { }, clock)) {
            DiskCacheConfiguration<String, byte[]> configuration = new DiskCacheConfiguration<String, byte[]>()
                    .setTypes(String.class, byte[].class).setShards(1).setSizeLimit(130_000).setCullLimit(1)
                    .setEvictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED);
            if (withListener) {
                configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                        FactoryBuilder.factoryOf(Quiet.class), null, false, true));
            }
            Cache<String, byte[]> cache = manager.createCache("lru", configuration);
            cache.put("a", new byte[40_000]);
            clock.advance(Duration.ofSeconds(1));
            cache.put("b", new byte[40_000]);
            clock.advance(Duration.ofSeconds(1));
            if (readByIteration) {
                // Lazy iteration: stopping at a (the first entry) never reads b.
                for (Cache.Entry<String, byte[]> entry : cache) {
                    if (entry.getKey().equals("a")) {
                        break;
                    }
                }
            } else {
                cache.get("a");
            }
            clock.advance(Duration.ofSeconds(1));
            cache.put("c", new byte[40_000]);
            assertFalse(cache.containsKey("b"), "b was used least recently");
            assertTrue(cache.containsKey("a"), "the read of a counted as a use");
        }
    }
}
