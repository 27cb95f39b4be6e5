package io.github.jdiskcache.annotation;

import static io.github.jdiskcache.annotation.TestManagers.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.cache.CacheManager;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheResultTest {
    @TempDir
    Path directory;
    CacheManager manager;

    @BeforeEach
    void open() {
        manager = TestManagers.openIn(directory);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static class Lookup {
        final List<String> calls = new ArrayList<>();
        final String prefix;
        final String warmedUp;

        Lookup(String prefix) {
            this.prefix = prefix;
            this.warmedUp = name(0);
        }

        @CacheResult(cacheName = "names")
        public String name(int id) {
            calls.add("name " + id);
            return prefix + id;
        }

        @CacheResult(cacheName = "keyed")
        public String keyed(@CacheKey String id, String ignoredForTheKey) {
            calls.add("keyed " + id);
            return id + "/" + ignoredForTheKey;
        }

        @CacheResult
        public double mixed(long big, double real, int small, boolean flag, char letter, int[] values) {
            calls.add("mixed");
            return big + real + small + (flag ? 1 : 0) + letter + values.length;
        }

        @CacheResult(cacheName = "joined")
        public String join(String... parts) {
            calls.add("join");
            return String.join("+", parts);
        }

        @CacheResult(cacheName = "nothing")
        public String nothing(String id) {
            calls.add("nothing " + id);
            return null;
        }

        @CacheResult(cacheName = "fresh", skipGet = true)
        public String fresh(String id) {
            calls.add("fresh " + id);
            return id + calls.size();
        }

        @CacheResult(cacheName = "package-private")
        String packagePrivate(String id) {
            calls.add("package-private " + id);
            return id;
        }

        @CacheResult(cacheName = "protected")
        protected String protectedMethod(String id) {
            calls.add("protected " + id);
            return id;
        }

        public String callsPackagePrivate(String id) {
            return packagePrivate(id);
        }

        @CacheResult(cacheName = "failing", exceptionCacheName = "failures")
        public String failing(String id) throws IOException {
            calls.add("failing " + id);
            throw new IOException("no " + id);
        }

        @CacheResult(cacheName = "filtered", exceptionCacheName = "filtered-failures",
                cachedExceptions = RuntimeException.class, nonCachedExceptions = IllegalArgumentException.class)
        public String filtered(String kind) {
            calls.add("filtered " + kind);
            throw kind.equals("argument") ? new IllegalArgumentException(kind) : new IllegalStateException(kind);
        }

        @CacheResult(cacheName = "unstorable", exceptionCacheName = "unstorable-failures")
        public String failsUnstorably(String id) {
            calls.add("unstorable " + id);
            throw new UnstorableException();
        }

        @CacheResult(cacheName = "uncached-failures")
        public String failsWithoutExceptionCache(String id) {
            calls.add("uncached " + id);
            throw new IllegalStateException(id);
        }
    }

    @Test
    void secondCallIsServedFromTheCache() {
        Lookup lookup = CacheAnnotations.create(Lookup.class, manager, "n");
        lookup.calls.clear();
        assertEquals("n7", lookup.name(7));
        assertEquals("n7", lookup.name(7));
        assertEquals("n8", lookup.name(8));
        assertEquals(List.of("name 7", "name 8"), lookup.calls);
        assertEquals("n7", manager.getCache("names").get(key(7)));
    }

    @Test
    void theCacheIsSharedByInstancesAndInterceptsCallsFromTheConstructor() {
        Lookup first = CacheAnnotations.create(Lookup.class, manager, "first-");
        Lookup second = CacheAnnotations.create(Lookup.class, manager, "second-");
        assertEquals("first-0", first.warmedUp);
        assertEquals("first-0", second.warmedUp);
        assertEquals(List.of("name 0"), first.calls);
        assertEquals(List.of(), second.calls);
        assertEquals(first.getClass(), second.getClass());
    }

    @Test
    void onlyCacheKeyParametersFormTheKey() {
        Lookup lookup = CacheAnnotations.create(Lookup.class, manager, "");
        assertEquals("a/x", lookup.keyed("a", "x"));
        assertEquals("a/x", lookup.keyed("a", "y"));
        assertEquals("a/x", manager.getCache("keyed").get(key("a")));
    }

    @Test
    void primitivesArraysAndVarargsAreKeysAndResults() {
        Lookup lookup = CacheAnnotations.create(Lookup.class, manager, "");
        lookup.calls.clear();
        double expected = 10_000_000_000L + 0.5 + 3 + 1 + 'a' + 2;
        assertEquals(expected, lookup.mixed(10_000_000_000L, 0.5, 3, true, 'a', new int[] {4, 5}));
        assertEquals(expected, lookup.mixed(10_000_000_000L, 0.5, 3, true, 'a', new int[] {4, 5}));
        assertEquals("x+y", lookup.join("x", "y"));
        assertEquals("x+y", lookup.join("x", "y"));
        assertEquals(List.of("mixed", "join"), lookup.calls);
    }

    @Test
    void theDefaultCacheNameIsClassMethodAndParameterTypes() {
        Lookup lookup = CacheAnnotations.create(Lookup.class, manager, "");
        lookup.mixed(1, 2, 3, false, 'b', new int[0]);
        String name = "io.github.jdiskcache.annotation.CacheResultTest$Lookup.mixed(long,double,int,boolean,char,[I)";
        assertTrue(manager.getCacheNames().toString().contains(name), manager.getCacheNames().toString());
        assertEquals(1, count(manager.getCache(name)));
    }

    @Test
    void nullResultsAreNotCached() {
        Lookup lookup = CacheAnnotations.create(Lookup.class, manager, "");
        assertNull(lookup.nothing("a"));
        assertNull(lookup.nothing("a"));
        assertEquals(List.of("name 0", "nothing a", "nothing a"), lookup.calls);
    }

    @Test
    void skipGetAlwaysRunsTheMethodAndCachesItsResult() {
        Lookup lookup = CacheAnnotations.create(Lookup.class, manager, "");
        lookup.calls.clear();
        assertEquals("a1", lookup.fresh("a"));
        assertEquals("a2", lookup.fresh("a"));
        assertEquals("a2", manager.getCache("fresh").get(key("a")));
    }

    @Test
    void packagePrivateAndProtectedMethodsAreIntercepted() {
        Lookup lookup = CacheAnnotations.create(Lookup.class, manager, "");
        lookup.calls.clear();
        lookup.callsPackagePrivate("a");
        lookup.packagePrivate("a");
        lookup.protectedMethod("b");
        lookup.protectedMethod("b");
        assertEquals(List.of("package-private a", "protected b"), lookup.calls);
    }

    @Test
    void exceptionsAreCachedInTheExceptionCacheAndRethrown() {
        Lookup lookup = CacheAnnotations.create(Lookup.class, manager, "");
        lookup.calls.clear();
        IOException first = assertThrows(IOException.class, () -> lookup.failing("a"));
        IOException second = assertThrows(IOException.class, () -> lookup.failing("a"));
        assertEquals("no a", second.getMessage());
        assertNotSame(first, second, "the rethrown exception is the stored copy");
        assertEquals(List.of("failing a"), lookup.calls);
    }

    @Test
    void exceptionCachingFollowsCachedAndNonCachedExceptions() {
        Lookup lookup = CacheAnnotations.create(Lookup.class, manager, "");
        lookup.calls.clear();
        for (int i = 0; i < 2; i++) {
            assertThrows(IllegalStateException.class, () -> lookup.filtered("state"));
            assertThrows(IllegalArgumentException.class, () -> lookup.filtered("argument"));
        }
        assertEquals(List.of("filtered state", "filtered argument", "filtered argument"), lookup.calls);
    }

    /** Serializing it fails: it holds a Thread. */
    static class UnstorableException extends RuntimeException {
        final Thread holder = Thread.currentThread();
    }

    @Test
    void anExceptionThatCannotBeStoredStillReachesTheCaller() {
        Lookup lookup = CacheAnnotations.create(Lookup.class, manager, "");
        UnstorableException thrown = assertThrows(UnstorableException.class, () -> lookup.failsUnstorably("a"));
        assertEquals(1, thrown.getSuppressed().length, "the store's failure, attached");
        assertThrows(UnstorableException.class, () -> lookup.failsUnstorably("a"));
        assertEquals(List.of("name 0", "unstorable a", "unstorable a"), lookup.calls);
    }

    @Test
    void withoutAnExceptionCacheExceptionsAreNotCached() {
        Lookup lookup = CacheAnnotations.create(Lookup.class, manager, "");
        lookup.calls.clear();
        assertThrows(IllegalStateException.class, () -> lookup.failsWithoutExceptionCache("a"));
        assertThrows(IllegalStateException.class, () -> lookup.failsWithoutExceptionCache("a"));
        assertEquals(List.of("uncached a", "uncached a"), lookup.calls);
    }

    private static int count(Iterable<?> entries) {
        int count = 0;
        for (Object ignored : entries) {
            count++;
        }
        return count;
    }
}
