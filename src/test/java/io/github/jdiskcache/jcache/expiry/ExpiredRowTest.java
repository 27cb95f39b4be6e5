package io.github.jdiskcache.jcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/**
 * What docs/jcache.md promises about an expired row: plain reads leave it on disk (no write lock),
 * a read with a listener registered removes it and reports it, a write replaces it.
 */
class ExpiredRowTest {
    static final List<String> EXPIRED = new CopyOnWriteArrayList<>();

    @TempDir
    Path directory;
    private CacheManager manager;
    private Cache<String, String> cache;
    private FanoutCache store;

    @BeforeEach
    void open() {
        EXPIRED.clear();
        manager = new DiskCachingProvider().getCacheManager(directory.toUri(), getClass().getClassLoader());
        cache = manager.createCache("expiring", new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setExpiryPolicyFactory(FactoryBuilder.factoryOf(ExpiresOnFirstRead.class)));
        store = cache.unwrap(FanoutCache.class);
        cache.put("k", "v");
        assertEquals("v", cache.get("k"), "the first read sees the value and makes it expire now");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void readsWithoutListenersLeaveTheExpiredRowOnDisk() {
        assertNull(cache.get("k"));
        assertEquals(Set.of(), cache.getAll(Set.of("k")).keySet());
        assertFalse(cache.containsKey("k"));
        assertFalse(cache.iterator().hasNext());
        assertFalse(cache.remove("k"));
        assertFalse(cache.replace("k", "w"));

        assertEquals(1, store.size(), "the expired row is still on disk");
    }

    @Test
    void aReadWithAListenerRemovesTheExpiredRowAndReportsIt() {
        cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(RecordingListener.class), null, true, true));

        assertNull(cache.get("k"));

        assertEquals(0, store.size(), "the expired row is deleted");
        assertEquals(List.of("k=v"), EXPIRED);
    }

    @Test
    void aWriteReplacesTheExpiredRow() {
        cache.put("k", "new");
        assertEquals(1, store.size());
        assertEquals("new", cache.get("k"));
    }

    /** Eternal at creation, expired as soon as it is read once. */
    public static final class ExpiresOnFirstRead implements ExpiryPolicy, Serializable {
        @Override
        public Duration getExpiryForCreation() {
            return Duration.ETERNAL;
        }

        @Override
        public Duration getExpiryForAccess() {
            return Duration.ZERO;
        }

        @Override
        public Duration getExpiryForUpdate() {
            return Duration.ETERNAL;
        }
    }

    public static final class RecordingListener implements CacheEntryExpiredListener<String, String>, Serializable {
        @Override
        public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            for (CacheEntryEvent<? extends String, ? extends String> event : events) {
                EXPIRED.add(event.getKey() + "=" + event.getOldValue());
            }
        }
    }
}
