package io.github.jdiskcache.annotation;

import javax.cache.Cache;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * {@code @CacheResult}: answer from the cache when it holds the key (or rethrow a cached exception),
 * else run the method and cache a non-null result, or the exception if the exception cache and
 * its filter take it. {@code skipGet} skips both lookups.
 */
final class CacheResultInterceptor implements CacheInterceptor {
    private final CacheMethod<CacheResult> method;
    private final CacheResolver resolver;
    private final CacheResolver exceptionResolver;
    private final CacheKeyGenerator keyGenerator;
    private final boolean skipGet;
    private final ExceptionFilter cachedExceptions;

    /** @param exceptionResolver null when the annotation names no exception cache */
    CacheResultInterceptor(CacheMethod<CacheResult> method, CacheResolver resolver, CacheResolver exceptionResolver,
                           CacheKeyGenerator keyGenerator) {
        this.method = method;
        this.resolver = resolver;
        this.exceptionResolver = exceptionResolver;
        this.keyGenerator = keyGenerator;
        CacheResult annotation = method.getCacheAnnotation();
        this.skipGet = annotation.skipGet();
        this.cachedExceptions =
                new ExceptionFilter(annotation.cachedExceptions(), annotation.nonCachedExceptions(), true);
    }

    @Override
    public Object intercept(Intercepted instance, Object[] arguments) throws Throwable {
        InvocationContext<CacheResult> context = new InvocationContext<>(method, instance, arguments);
        Cache<Object, Object> cache = resolver.resolveCache(context);
        Cache<Object, Object> exceptionCache =
                exceptionResolver == null ? null : exceptionResolver.resolveCache(context);
        GeneratedCacheKey key = keyGenerator.generateCacheKey(context);
        if (!skipGet) {
            Object cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
            if (exceptionCache != null && exceptionCache.get(key) instanceof Throwable thrown) {
                throw thrown;
            }
        }
        Object result;
        try {
            result = instance.jdiskcache$proceed(method.index(), arguments);
        } catch (Throwable thrown) {
            if (exceptionCache != null && cachedExceptions.accepts(thrown)) {
                cacheException(exceptionCache, key, thrown);
            }
            throw thrown;
        }
        if (result != null) {
            cache.put(key, result);
        }
        return result;
    }

    /** A failure to store the exception must not replace it: the caller still gets what the method threw. */
    private static void cacheException(Cache<Object, Object> exceptionCache, GeneratedCacheKey key, Throwable thrown) {
        try {
            exceptionCache.put(key, thrown);
        } catch (RuntimeException storeFailure) {
            thrown.addSuppressed(storeFailure);
        }
    }
}
