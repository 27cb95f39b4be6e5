package io.github.jdiskcache.annotation;

import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheResolver;

/** {@code @CachePut}: stores the {@code @CacheValue} argument under the key made of the other arguments. */
final class CachePutInterceptor extends CacheChangeInterceptor<CachePut> {
    private final CacheResolver resolver;
    private final CacheKeyGenerator keyGenerator;
    private final int valuePosition;

    CachePutInterceptor(CacheMethod<CachePut> method, CacheResolver resolver, CacheKeyGenerator keyGenerator) {
        super(method, method.getCacheAnnotation().afterInvocation(), new ExceptionFilter(
                method.getCacheAnnotation().cacheFor(), method.getCacheAnnotation().noCacheFor(), false));
        this.resolver = resolver;
        this.keyGenerator = keyGenerator;
        this.valuePosition = method.valuePosition();
    }

    @Override
    void change(InvocationContext<CachePut> context) {
        resolver.resolveCache(context).put(keyGenerator.generateCacheKey(context), context.argument(valuePosition));
    }
}
