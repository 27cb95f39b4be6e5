/*
 * AnnotationBenchmark: what a @CacheResult hit costs through the generated interceptor, against
 * calling Cache.get on the same cache directly.
 *
 * Build and run (the JMH harness is only in the `bench` profile):
 *
 *     mvn -B -q -Pbench -DskipTests package
 *     java -jar target/jdiskcache-benchmarks.jar AnnotationBenchmark
 *
 * Two caches (-p cache=...):
 *   memory  a map-backed Cache handed out by a custom CacheResolverFactory: nothing but the
 *           interception is measured, so intercepted - directGetNewKey is the per-call overhead of
 *           the generated override + interceptor (argument array, context, key, resolver);
 *   disk    the jdiskcache cache the default resolver creates: what an application sees, where
 *           the SQLite read and the key's serialization dominate.
 * Benchmarks per cache:
 *   intercepted      quotes.quote(symbol), always a hit (filled in setup);
 *   directGet        cache.get(key) with a key built once;
 *   directGetNewKey  cache.get(new DefaultGeneratedCacheKey(symbol)), i.e. the direct call with the
 *                    key construction an annotated call cannot avoid.
 * Read results as differences within one run: the machine is shared and noisy.
 */
package io.github.jdiskcache.bench;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.github.jdiskcache.annotation.CacheAnnotations;
import io.github.jdiskcache.annotation.DefaultGeneratedCacheKey;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/** Single-thread average time of a cache hit, intercepted or direct, in ns/op. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"}) // as StoreBenchmark
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Benchmark)
public class AnnotationBenchmark {
    private static final String CACHE_NAME = "annotation-benchmark";

    @Param({"memory", "disk"})
    public String cache;

    /** A field, not a constant, so the JIT cannot fold the argument. */
    public String symbol = "ACME";

    private Path directory;
    private CacheManager manager;
    private Quotes quotes;
    private Cache<Object, Object> direct;
    private DefaultGeneratedCacheKey key;

    /** The annotated class; the two subclasses only choose where the cache comes from. */
    public abstract static class Quotes {
        public abstract String quote(String symbol);

        String lookUp(String symbol) {
            return symbol + " 42.00";
        }
    }

    public static class DiskQuotes extends Quotes {
        @Override
        @CacheResult(cacheName = CACHE_NAME)
        public String quote(String symbol) {
            return lookUp(symbol);
        }
    }

    public static class MemoryQuotes extends Quotes {
        @Override
        @CacheResult(cacheName = CACHE_NAME, cacheResolverFactory = MemoryCaches.class)
        public String quote(String symbol) {
            return lookUp(symbol);
        }
    }

    /** Resolves every name to one map-backed Cache that implements just get and put. */
    public static class MemoryCaches implements CacheResolverFactory {
        static final Cache<Object, Object> CACHE = mapBackedCache();

        @Override
        public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
            return new CacheResolver() {
                @Override
                @SuppressWarnings("unchecked")
                public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
                    return (Cache<K, V>) CACHE;
                }
            };
        }

        @Override
        public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
            throw new UnsupportedOperationException("no exception caches here");
        }

        @SuppressWarnings("unchecked")
        private static Cache<Object, Object> mapBackedCache() {
            Map<Object, Object> map = new ConcurrentHashMap<>();
            return (Cache<Object, Object>) Proxy.newProxyInstance(Cache.class.getClassLoader(),
                    new Class<?>[] {Cache.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "get" -> map.get(args[0]);
                        case "put" -> map.put(args[0], args[1]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("annotation-benchmark");
        // By name: the benchmark jar also carries other JCache providers to compare against.
        manager = Caching.getCachingProvider(DiskCachingProvider.class.getName())
                .getCacheManager(directory.toUri(), getClass().getClassLoader());
        boolean inMemory = cache.equals("memory");
        Class<? extends Quotes> type = inMemory ? MemoryQuotes.class : DiskQuotes.class;
        quotes = CacheAnnotations.create(type, manager);
        String expected = quotes.quote(symbol);
        direct = inMemory ? MemoryCaches.CACHE : manager.getCache(CACHE_NAME);
        key = new DefaultGeneratedCacheKey(new Object[] {symbol});
        if (!expected.equals(direct.get(key)) || !expected.equals(quotes.quote(symbol))) {
            throw new IllegalStateException("the benchmark would not measure cache hits");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        manager.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public Object intercepted() {
        return quotes.quote(symbol);
    }

    @Benchmark
    public Object directGet() {
        return direct.get(key);
    }

    @Benchmark
    public Object directGetNewKey() {
        return direct.get(new DefaultGeneratedCacheKey(new Object[] {symbol}));
    }
}
