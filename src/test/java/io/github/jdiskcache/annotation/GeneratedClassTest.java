package io.github.jdiskcache.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.cache.CacheManager;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where and what the generated class is. */
class GeneratedClassTest {

    static class Service {
        @CacheResult(cacheName = "generated-class-test")
        public String cached(String id) {
            return id;
        }

        @CacheRemoveAll(cacheName = "generated-class-test")
        protected void clear() {
        }

        public String notAnnotated() {
            return "plain";
        }
    }

    @Test
    void itIsAFinalSubclassInTheSamePackageAndClassLoaderMadeOncePerClass(@TempDir Path directory) {
        try (CacheManager manager = TestManagers.openIn(directory)) {
            Service first = CacheAnnotations.create(Service.class, manager);
            Service second = CacheAnnotations.create(Service.class);
            Class<?> generated = first.getClass();
            assertSame(generated, second.getClass(), "one generated class, whichever the manager");
            assertSame(Service.class, generated.getSuperclass());
            assertEquals(Service.class.getPackageName(), generated.getPackageName());
            assertSame(Service.class.getClassLoader(), generated.getClassLoader());
            assertTrue(Modifier.isFinal(generated.getModifiers()));
            assertTrue(generated.isSynthetic());
            assertTrue(first instanceof Intercepted);
        }
    }

    @Test
    void makingAnInstanceOpensNoCacheUntilAMethodIsCalled(@TempDir Path directory) {
        try (CacheManager manager = TestManagers.openIn(directory)) {
            Service service = CacheAnnotations.create(Service.class, manager);
            assertFalse(manager.getCacheNames().iterator().hasNext());
            service.cached("a");
            assertEquals(Set.of("generated-class-test"), Set.copyOf(toList(manager.getCacheNames())));
        }
    }

    @Test
    void itOverridesOnlyTheAnnotatedMethodsWithTheirAccess() throws Exception {
        Class<?> generated = CacheAnnotations.create(Service.class).getClass();
        Set<String> declared = Arrays.stream(generated.getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        assertEquals(Set.of("cached", "clear", "jdiskcache$proceed", "jdiskcache$target"), declared);
        assertTrue(Modifier.isProtected(generated.getDeclaredMethod("clear").getModifiers()));
        assertTrue(Modifier.isPublic(generated.getDeclaredMethod("cached", String.class).getModifiers()));
    }

    private static <T> List<T> toList(Iterable<T> items) {
        List<T> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }
}
