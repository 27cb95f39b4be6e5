package io.github.jdiskcache.jcache.integration;

import java.util.Map;

import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/** The cache's loader, with the spec's exception wrapping. */
public final class ReadThrough<K, V> {
    private final CacheLoader<K, V> loader;

    /** @param loader the configured loader, or null */
    public ReadThrough(CacheLoader<K, V> loader) {
        this.loader = loader;
    }

    public boolean available() {
        return loader != null;
    }

    public CacheLoader<K, V> loader() {
        return loader;
    }

    public V load(K key) {
        try {
            return loader.load(key);
        } catch (RuntimeException e) {
            throw wrap(e);
        }
    }

    public Map<K, V> loadAll(Iterable<? extends K> keys) {
        try {
            return loader.loadAll(keys);
        } catch (RuntimeException e) {
            throw wrap(e);
        }
    }

    private static CacheLoaderException wrap(RuntimeException e) {
        return e instanceof CacheLoaderException loaderException ? loaderException
                : new CacheLoaderException("cache loader failed: " + e, e);
    }
}
