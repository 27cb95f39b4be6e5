package io.github.jdiskcache.jcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.CreatedExpiryPolicy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.DiskCacheManager;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.testing.ManualClock;

/**
 * One clock for the JCache layer and the store: a manager made with a clock computes expiry with
 * it and the store writes and judges expire times by it, so time moves by hand, not by sleeping.
 */
class ExpiryByTheManagersClockTest {
    static final List<String> EXPIRED = new CopyOnWriteArrayList<>();

    @TempDir
    Path directory;

    public static final class Recording implements CacheEntryExpiredListener<String, String>, Serializable {
        @Override
        public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            events.forEach(event -> EXPIRED.add(event.getKey() + "=" + event.getOldValue()));
        }
    }

    @Test
    void anEntryExpiresWhenTheClockPassesItsCreationExpiry() {
        EXPIRED.clear();
        ManualClock clock = new ManualClock();
        try (CacheManager manager = new DiskCacheManager(new DiskCachingProvider(), directory.toUri(),
                getClass().getClassLoader(), new Properties(), closed -> { }, clock)) {
            Cache<String, String> cache = manager.createCache("clocked", new MutableConfiguration<String, String>()
                    .setTypes(String.class, String.class)
                    .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                            new javax.cache.expiry.Duration(TimeUnit.SECONDS, 10)))
                    .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                            FactoryBuilder.factoryOf(Recording.class), null, true, true)));
            cache.put("k", "v");
            clock.advance(Duration.ofSeconds(9));
            assertEquals("v", cache.get("k"));
            assertTrue(cache.containsKey("k"), "the store judges by the same clock");
            clock.advance(Duration.ofSeconds(1));
            assertFalse(cache.containsKey("k"), "expiring exactly now is expired");
            assertNull(cache.get("k"));
            assertEquals(List.of("k=v"), EXPIRED);
            assertEquals(0, cache.unwrap(FanoutCache.class).size(), "the read removed the expired row it reported");
        }
    }
}
