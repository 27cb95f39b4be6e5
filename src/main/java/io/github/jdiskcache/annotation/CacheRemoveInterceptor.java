package io.github.jdiskcache.annotation;

import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResolver;

/** {@code @CacheRemove}: removes the key made of the call's arguments. */
final class CacheRemoveInterceptor extends CacheChangeInterceptor<CacheRemove> {
    private final CacheResolver resolver;
    private final CacheKeyGenerator keyGenerator;

    CacheRemoveInterceptor(CacheMethod<CacheRemove> method, CacheResolver resolver, CacheKeyGenerator keyGenerator) {
        super(method, method.getCacheAnnotation().afterInvocation(), new ExceptionFilter(
                method.getCacheAnnotation().evictFor(), method.getCacheAnnotation().noEvictFor(), false));
        this.resolver = resolver;
        this.keyGenerator = keyGenerator;
    }

    @Override
    void change(InvocationContext<CacheRemove> context) {
        resolver.resolveCache(context).remove(keyGenerator.generateCacheKey(context));
    }
}
