package io.github.jdiskcache.annotation;

import static io.github.jdiskcache.annotation.TestManagers.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import javax.cache.annotation.GeneratedCacheKey;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @CacheDefaults}, custom resolver factories and key generators, and what they are told. */
class CacheDefaultsAndSpiTest {
    /** Custom SPI classes are created by their no-argument constructor; they reach the test through here. */
    static CacheManager manager;
    static final List<CacheMethodDetails<?>> RESOLVERS_REQUESTED = new ArrayList<>();
    static final List<CacheMethodDetails<?>> EXCEPTION_RESOLVERS_REQUESTED = new ArrayList<>();
    static final List<CacheInvocationContext<?>> RESOLUTIONS = new ArrayList<>();

    @TempDir
    Path directory;

    @BeforeEach
    void open() {
        manager = TestManagers.openIn(directory);
        RESOLVERS_REQUESTED.clear();
        EXCEPTION_RESOLVERS_REQUESTED.clear();
        RESOLUTIONS.clear();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Resolves every cache as "recorded-" + its name and records what it is asked. */
    public static class RecordingResolverFactory implements CacheResolverFactory {
        @Override
        public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
            RESOLVERS_REQUESTED.add(details);
            return resolverOf("recorded-" + details.getCacheName());
        }

        @Override
        public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
            EXCEPTION_RESOLVERS_REQUESTED.add(details);
            return resolverOf("recorded-" + details.getCacheAnnotation().exceptionCacheName());
        }

        private static CacheResolver resolverOf(String name) {
            Cache<Object, Object> existing = manager.getCache(name);
            Cache<Object, Object> cache = existing != null ? existing
                    : manager.createCache(name, new MutableConfiguration<>());
            return new CacheResolver() {
                @Override
                @SuppressWarnings("unchecked")
                public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
                    RESOLUTIONS.add(context);
                    return (Cache<K, V>) cache;
                }
            };
        }
    }

    /** Keys made of the upper-cased first key parameter only. */
    public static class UpperCaseKeys implements CacheKeyGenerator {
        @Override
        public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
            return key(String.valueOf(context.getKeyParameters()[0].getValue()).toUpperCase(Locale.ROOT));
        }
    }

    @CacheDefaults(cacheName = "catalog", cacheKeyGenerator = UpperCaseKeys.class)
    static class Catalog {
        int calls;

        @CacheResult
        public String item(String id) {
            calls++;
            return "item " + id;
        }

        @CacheResult(cacheName = "own", cacheKeyGenerator = DefaultCacheKeyGenerator.class)
        public String own(String id) {
            calls++;
            return "own " + id;
        }
    }

    /** Inherits the superclass's defaults, as the spec's lookup walks up the class hierarchy. */
    static class SpecialCatalog extends Catalog {
        @CacheResult
        public String special(String id) {
            return "special " + id;
        }
    }

    @CacheDefaults(cacheResolverFactory = RecordingResolverFactory.class)
    static class Recorded {
        @Deprecated
        @CacheResult(cacheName = "results", exceptionCacheName = "failures")
        public String result(String ignored, @CacheKey String id, int attempt) {
            return id + attempt;
        }

        @CachePut(cacheName = "puts")
        public void put(@CacheKey String id, String ignored, @CacheValue String value) {
        }

        @CachePut(cacheName = "by-default", cacheResolverFactory = DefaultCacheResolverFactory.class)
        public void putDefault(String id, @CacheValue String value) {
        }
    }

    @Test
    void cacheDefaultsGiveCacheNameAndKeyGeneratorUnlessTheMethodSaysOtherwise() {
        Catalog catalog = CacheAnnotations.create(Catalog.class, manager);
        assertEquals("item a", catalog.item("a"));
        assertEquals("item a", catalog.item("A"), "UpperCaseKeys makes a and A one key");
        assertEquals("item a", manager.getCache("catalog").get(key("A")));
        catalog.own("b");
        catalog.own("B");
        assertEquals(3, catalog.calls);
        assertEquals("own b", manager.getCache("own").get(key("b")));
    }

    @Test
    void cacheDefaultsOfASuperclassApply() {
        SpecialCatalog catalog = CacheAnnotations.create(SpecialCatalog.class, manager);
        catalog.special("x");
        catalog.item("y");
        assertEquals("special x", manager.getCache("catalog").get(key("X")));
        assertEquals("item y", manager.getCache("catalog").get(key("Y")));
    }

    @Test
    void theResolverFactoryIsAskedOncePerMethodWithTheMethodsDetails() throws Exception {
        Recorded first = CacheAnnotations.create(Recorded.class, manager);
        Recorded second = CacheAnnotations.create(Recorded.class, manager);
        assertTrue(RESOLVERS_REQUESTED.isEmpty(), "resolvers are asked for on a method's first call");
        first.result("x", "a", 1);
        second.result("y", "a", 2);
        first.put("b", "ignored", "value");
        second.put("b", "ignored", "value");
        assertEquals(2, RESOLVERS_REQUESTED.size(), "once for result, once for put");
        CacheMethodDetails<?> details = RESOLVERS_REQUESTED.stream()
                .filter(d -> d.getCacheName().equals("results")).findFirst().orElseThrow();
        assertEquals(Recorded.class.getMethod("result", String.class, String.class, int.class), details.getMethod());
        assertTrue(details.getCacheAnnotation() instanceof CacheResult);
        assertEquals(2, details.getAnnotations().size(), "@Deprecated and @CacheResult");
        assertEquals(1, EXCEPTION_RESOLVERS_REQUESTED.size());
        assertEquals("a1", manager.getCache("recorded-results").get(key("a")));
        assertNull(manager.getCache("results"));
    }

    static class NoDefaultConstructor implements CacheKeyGenerator {
        NoDefaultConstructor(String unused) {
        }

        @Override
        public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
            throw new UnsupportedOperationException();
        }
    }

    static class NeedsNoDefaultConstructor {
        @CacheResult(cacheKeyGenerator = NoDefaultConstructor.class)
        public String value(String id) {
            return id;
        }
    }

    @Test
    void aGeneratorWithoutANoArgumentConstructorFailsWhenTheObjectIsMade() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> CacheAnnotations.create(NeedsNoDefaultConstructor.class, manager));
        assertTrue(failure.getMessage().contains(NoDefaultConstructor.class.getName()), failure.getMessage());
        assertTrue(failure.getMessage().contains("no-argument constructor"), failure.getMessage());
    }

    @Test
    void resolversSeeTheInvocation() {
        Recorded recorded = CacheAnnotations.create(Recorded.class, manager);
        recorded.result("x", "a", 1);
        CacheKeyInvocationContext<?> context = (CacheKeyInvocationContext<?>) RESOLUTIONS.get(0);
        assertSame(recorded, context.getTarget());
        assertEquals("results", context.getCacheName());
        assertEquals(List.of("x", "a", 1), values(context.getAllParameters()));
        assertEquals(List.of("a"), values(context.getKeyParameters()));
        assertEquals(1, context.getKeyParameters()[0].getParameterPosition());
        assertEquals(String.class, context.getKeyParameters()[0].getRawType());
        assertTrue(context.getKeyParameters()[0].getAnnotations().iterator().next() instanceof CacheKey);
        assertNull(context.getValueParameter());

        RESOLUTIONS.clear();
        recorded.put("b", "ignored", "value");
        CacheKeyInvocationContext<?> put = (CacheKeyInvocationContext<?>) RESOLUTIONS.get(0);
        assertEquals("value", put.getValueParameter().getValue());
        assertEquals(2, put.getValueParameter().getParameterPosition());
        assertEquals(List.of("b"), values(put.getKeyParameters()));
        assertEquals("value", manager.getCache("recorded-puts").get(key("b")));
    }

    @Test
    void aFactoryNamedOnTheMethodWinsOverCacheDefaultsAndIsMadeByItsOwnConstructor() {
        Recorded recorded = CacheAnnotations.create(Recorded.class, manager);
        recorded.putDefault("c", "value");
        assertTrue(RESOLUTIONS.isEmpty());
        assertNull(manager.getCache("by-default"));
        assertEquals("value", Caching.getCachingProvider().getCacheManager().getCache("by-default").get(key("c")),
                "DefaultCacheResolverFactory() resolves from the default CacheManager");
    }

    private static List<Object> values(CacheInvocationParameter[] parameters) {
        return Arrays.stream(parameters).map(CacheInvocationParameter::getValue).toList();
    }
}
