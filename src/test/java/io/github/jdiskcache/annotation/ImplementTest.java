package io.github.jdiskcache.annotation;

import static io.github.jdiskcache.annotation.TestManagers.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.cache.CacheManager;
import javax.cache.annotation.CacheResult;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code CacheAnnotations.implement}: an interface implementation that delegates, caching annotated methods. */
class ImplementTest {
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

    interface Greeter {
        @CacheResult(cacheName = "greetings")
        String greet(String name);

        long plain(long a, double b);

        default String twice(String name) {
            return greet(name) + greet(name);
        }
    }

    /** Not public, in another class: reached only through the interface. */
    static class CountingGreeter implements Greeter {
        final List<String> calls = new ArrayList<>();

        @Override
        public String greet(String name) {
            calls.add(name);
            return "hello " + name;
        }

        @Override
        public long plain(long a, double b) {
            calls.add("plain");
            return a + (long) b;
        }

        @Override
        public String toString() {
            return "counting greeter";
        }
    }

    interface Repository {
        String find(String id);
    }

    static class AnnotatedRepository implements Repository {
        int calls;

        @Override
        @CacheResult(cacheName = "repository")
        public String find(String id) {
            calls++;
            return "row " + id;
        }
    }

    @Test
    void annotatedInterfaceMethodsAreCachedAndTheOthersForwarded() {
        CountingGreeter delegate = new CountingGreeter();
        Greeter greeter = CacheAnnotations.implement(Greeter.class, delegate, manager);
        assertEquals("hello ann", greeter.greet("ann"));
        assertEquals("hello ann", greeter.greet("ann"));
        assertEquals(5L, greeter.plain(2, 3.5));
        assertEquals(List.of("ann", "plain"), delegate.calls);
        assertEquals("hello ann", manager.getCache("greetings").get(key("ann")));
    }

    @Test
    void defaultMethodsRunOnTheDelegateWhoseOwnCallsAreNotIntercepted() {
        CountingGreeter delegate = new CountingGreeter();
        Greeter greeter = CacheAnnotations.implement(Greeter.class, delegate, manager);
        assertEquals("hello bobhello bob", greeter.twice("bob"));
        assertEquals(List.of("bob", "bob"), delegate.calls);
    }

    @Test
    void annotationsOnTheDelegatesMethodsCountToo() {
        AnnotatedRepository delegate = new AnnotatedRepository();
        Repository repository = CacheAnnotations.implement(Repository.class, delegate, manager);
        repository.find("1");
        repository.find("1");
        assertEquals(1, delegate.calls);
        assertEquals("row 1", manager.getCache("repository").get(key("1")));
    }

    @Test
    void objectMethodsGoToTheDelegate() {
        CountingGreeter delegate = new CountingGreeter();
        Greeter greeter = CacheAnnotations.implement(Greeter.class, delegate, manager);
        assertEquals("counting greeter", greeter.toString());
        assertEquals(delegate.hashCode(), greeter.hashCode());
        assertTrue(greeter.equals(delegate));
        assertFalse(greeter.equals(new CountingGreeter()));
        assertTrue(greeter instanceof Intercepted);
        assertSame(delegate, ((Intercepted) greeter).jdiskcache$target());
    }
}
