package io.github.jdiskcache.annotation;

import static io.github.jdiskcache.annotation.TestManagers.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll}, before and after the call. */
class CacheChangeTest {
    @TempDir
    Path directory;
    CacheManager manager;
    Cache<Object, Object> users;

    @BeforeEach
    void open() {
        manager = TestManagers.openIn(directory);
        users = manager.createCache("users", new MutableConfiguration<>());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Fails with {@code failure} when it is not null, after seeing whether the cache changed already. */
    static class Users {
        Cache<Object, Object> users;
        boolean cachedDuringCall;

        private void run(String id, RuntimeException failure) {
            cachedDuringCall = users.containsKey(key(id));
            if (failure != null) {
                throw failure;
            }
        }

        @CacheResult(cacheName = "users")
        public String find(String id) {
            return "loaded " + id;
        }

        @CachePut(cacheName = "users")
        public void save(@CacheKey String id, @CacheValue String user, RuntimeException failure) {
            run(id, failure);
        }

        @CachePut(cacheName = "users")
        public void saveWithoutCacheKey(String id, @CacheValue String user) {
            run(id, null);
        }

        @CachePut(cacheName = "users", afterInvocation = false)
        public void saveFirst(@CacheKey String id, @CacheValue String user, RuntimeException failure) {
            run(id, failure);
        }

        @CachePut(cacheName = "users", cacheFor = RuntimeException.class, noCacheFor = IllegalArgumentException.class)
        public void saveDespite(@CacheKey String id, @CacheValue String user, RuntimeException failure) {
            run(id, failure);
        }

        @CacheRemove(cacheName = "users")
        public void delete(@CacheKey String id, RuntimeException failure) {
            run(id, failure);
        }

        @CacheRemove(cacheName = "users", afterInvocation = false)
        public void deleteFirst(@CacheKey String id, RuntimeException failure) {
            run(id, failure);
        }

        @CacheRemove(cacheName = "users", evictFor = IllegalStateException.class)
        public void deleteDespite(@CacheKey String id, RuntimeException failure) {
            run(id, failure);
        }

        @CacheRemoveAll(cacheName = "users")
        public void deleteAll(RuntimeException failure) {
            run("a", failure);
        }

        @CacheRemoveAll(cacheName = "users", afterInvocation = false)
        public void deleteAllFirst(RuntimeException failure) {
            run("a", failure);
        }

        @CacheRemoveAll(cacheName = "users", noEvictFor = IllegalArgumentException.class)
        public void deleteAllDespite(RuntimeException failure) {
            run("a", failure);
        }
    }

    private Users users() {
        Users intercepted = CacheAnnotations.create(Users.class, manager);
        intercepted.users = users;
        return intercepted;
    }

    @Test
    void putStoresTheValueAfterTheCallUnderTheOtherParameters() {
        Users service = users();
        service.save("a", "Ann", null);
        assertFalse(service.cachedDuringCall);
        assertEquals("Ann", users.get(key("a")));
        assertEquals("Ann", service.find("a"), "@CacheResult reads what @CachePut wrote");
        service.saveWithoutCacheKey("b", "Bob");
        assertEquals("Bob", users.get(key("b")), "without @CacheKey the key is all parameters but the value");
    }

    @Test
    void putAfterInvocationSkipsThePutWhenTheCallFails() {
        Users service = users();
        assertThrows(IllegalStateException.class, () -> service.save("a", "Ann", new IllegalStateException()));
        assertNull(users.get(key("a")));
    }

    @Test
    void putBeforeInvocationStoresEvenWhenTheCallFails() {
        Users service = users();
        assertThrows(IllegalStateException.class, () -> service.saveFirst("a", "Ann", new IllegalStateException()));
        assertTrue(service.cachedDuringCall);
        assertEquals("Ann", users.get(key("a")));
    }

    @Test
    void putFollowsCacheForAndNoCacheFor() {
        Users service = users();
        assertThrows(IllegalStateException.class, () -> service.saveDespite("a", "Ann", new IllegalStateException()));
        assertThrows(IllegalArgumentException.class,
                () -> service.saveDespite("b", "Bob", new IllegalArgumentException()));
        assertEquals("Ann", users.get(key("a")));
        assertNull(users.get(key("b")));
    }

    @Test
    void removeDropsTheKeyAfterTheCallUnlessItFails() {
        Users service = users();
        users.put(key("a"), "Ann");
        assertThrows(IllegalStateException.class, () -> service.delete("a", new IllegalStateException()));
        assertEquals("Ann", users.get(key("a")));
        service.delete("a", null);
        assertTrue(service.cachedDuringCall);
        assertNull(users.get(key("a")));
    }

    @Test
    void removeBeforeInvocationDropsTheKeyEvenWhenTheCallFails() {
        Users service = users();
        users.put(key("a"), "Ann");
        assertThrows(IllegalStateException.class, () -> service.deleteFirst("a", new IllegalStateException()));
        assertFalse(service.cachedDuringCall);
        assertNull(users.get(key("a")));
    }

    @Test
    void removeFollowsEvictFor() {
        Users service = users();
        users.put(key("a"), "Ann");
        users.put(key("b"), "Bob");
        assertThrows(IllegalStateException.class, () -> service.deleteDespite("a", new IllegalStateException()));
        assertThrows(UnsupportedOperationException.class,
                () -> service.deleteDespite("b", new UnsupportedOperationException()));
        assertNull(users.get(key("a")));
        assertEquals("Bob", users.get(key("b")));
    }

    @Test
    void removeAllEmptiesTheCacheAfterTheCallUnlessItFails() {
        Users service = users();
        users.put(key("a"), "Ann");
        assertThrows(IllegalStateException.class, () -> service.deleteAll(new IllegalStateException()));
        assertEquals("Ann", users.get(key("a")));
        service.deleteAll(null);
        assertTrue(service.cachedDuringCall);
        assertFalse(users.iterator().hasNext());
    }

    @Test
    void removeAllBeforeInvocationEmptiesTheCacheEvenWhenTheCallFails() {
        Users service = users();
        users.put(key("a"), "Ann");
        assertThrows(IllegalStateException.class, () -> service.deleteAllFirst(new IllegalStateException()));
        assertFalse(service.cachedDuringCall);
        assertFalse(users.iterator().hasNext());
    }

    @Test
    void removeAllFollowsNoEvictFor() {
        Users service = users();
        users.put(key("a"), "Ann");
        assertThrows(IllegalArgumentException.class, () -> service.deleteAllDespite(new IllegalArgumentException()));
        assertEquals("Ann", users.get(key("a")));
        assertThrows(IllegalStateException.class, () -> service.deleteAllDespite(new IllegalStateException()));
        assertFalse(users.iterator().hasNext());
    }
}
