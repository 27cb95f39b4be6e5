package io.github.jdiskcache.annotation;

import static io.github.jdiskcache.annotation.TestManagers.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheResult;

import org.junit.jupiter.api.Test;

/** Without a CacheManager passed in, caches come from the default one (the build points it into target/). */
class DefaultManagerTest {
    static final String CACHE = "default-manager-test";

    static class Counter {
        int calls;

        @CacheResult(cacheName = CACHE)
        public String next(String id) {
            calls++;
            return id + calls;
        }
    }

    @Test
    void cachesComeFromTheDefaultManagerAndOutliveItsClosing() {
        CacheManager defaultManager = Caching.getCachingProvider().getCacheManager();
        defaultManager.destroyCache(CACHE);
        Counter counter = CacheAnnotations.create(Counter.class);
        assertEquals("a1", counter.next("a"));
        assertEquals("a1", defaultManager.getCache(CACHE).get(key("a")));

        defaultManager.close();
        assertEquals("a1", counter.next("a"), "read from disk through a new default manager");
        assertEquals("b2", counter.next("b"));
        CacheManager reopened = Caching.getCachingProvider().getCacheManager();
        assertNotSame(defaultManager, reopened);
        assertEquals("b2", reopened.getCache(CACHE).get(key("b")));
    }
}
