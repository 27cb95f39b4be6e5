package io.github.jdiskcache.annotation;

import java.lang.annotation.Annotation;
import java.util.Objects;
import java.util.function.Supplier;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.spi.CachingProvider;

/**
 * The spec's default: resolves a cache by name from a CacheManager, creating it with a plain
 * {@code MutableConfiguration} when it does not exist. Without a manager it uses the default one,
 * {@code Caching.getCachingProvider().getCacheManager()} — with jdiskcache, caches on disk shared
 * by every process that uses the same directory.
 */
public final class DefaultCacheResolverFactory implements CacheResolverFactory {
    private final Supplier<CacheManager> managers;

    /**
     * Uses the default CacheManager, looked up again whenever the one in use has been closed, so an
     * intercepted object outlives a {@code Caching.getCachingProvider().close()}.
     */
    public DefaultCacheResolverFactory() {
        this.managers = DefaultCacheResolverFactory::defaultManager;
    }

    public DefaultCacheResolverFactory(CacheManager manager) {
        Objects.requireNonNull(manager, "manager");
        this.managers = () -> manager;
    }

    private static CacheManager defaultManager() {
        CachingProvider provider = Caching.getCachingProvider();
        return provider.getCacheManager(provider.getDefaultURI(), provider.getDefaultClassLoader());
    }

    @Override
    public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
        return new DefaultCacheResolver(managers, details.getCacheName());
    }

    @Override
    public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
        String exceptionCacheName = details.getCacheAnnotation().exceptionCacheName();
        if (exceptionCacheName.isBlank()) {
            throw new IllegalArgumentException(details.getMethod() + " names no exceptionCacheName");
        }
        return new DefaultCacheResolver(managers, exceptionCacheName);
    }
}
