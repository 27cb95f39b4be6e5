package io.github.jdiskcache.annotation;

import java.lang.annotation.Annotation;
import java.util.function.Supplier;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheResolver;
import javax.cache.configuration.MutableConfiguration;

/**
 * Always answers one named cache. The cache is opened (created if missing) when the resolver is
 * made, as the spec's default does; if it is closed later, the next call opens it again from the
 * manager, which the default factory re-fetches when it was closed too.
 */
public final class DefaultCacheResolver implements CacheResolver {
    private final Supplier<CacheManager> managers;
    private final String cacheName;
    private volatile Cache<Object, Object> cache;

    DefaultCacheResolver(Supplier<CacheManager> managers, String cacheName) {
        this.managers = managers;
        this.cacheName = cacheName;
        this.cache = open();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
        Cache<Object, Object> current = cache;
        if (current.isClosed()) {
            current = reopen();
        }
        return (Cache<K, V>) current;
    }

    private synchronized Cache<Object, Object> reopen() {
        if (cache.isClosed()) {
            cache = open();
        }
        return cache;
    }

    private Cache<Object, Object> open() {
        CacheManager manager = managers.get();
        Cache<Object, Object> existing = manager.getCache(cacheName);
        if (existing != null) {
            return existing;
        }
        try {
            return manager.createCache(cacheName, new MutableConfiguration<>());
        } catch (CacheException createdMeanwhile) {
            Cache<Object, Object> created = manager.getCache(cacheName);
            if (created == null) {
                throw createdMeanwhile;
            }
            return created;
        }
    }

    @Override
    public String toString() {
        return "DefaultCacheResolver[" + cacheName + "]";
    }
}
