package io.github.jdiskcache.annotation;

import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolver;

/** {@code @CacheRemoveAll}: empties the cache. */
final class CacheRemoveAllInterceptor extends CacheChangeInterceptor<CacheRemoveAll> {
    private final CacheResolver resolver;

    CacheRemoveAllInterceptor(CacheMethod<CacheRemoveAll> method, CacheResolver resolver) {
        super(method, method.getCacheAnnotation().afterInvocation(), new ExceptionFilter(
                method.getCacheAnnotation().evictFor(), method.getCacheAnnotation().noEvictFor(), false));
        this.resolver = resolver;
    }

    @Override
    void change(InvocationContext<CacheRemoveAll> context) {
        resolver.resolveCache(context).removeAll();
    }
}
