package io.github.jdiskcache.jcache.configuration;

import java.nio.file.Path;

import javax.cache.CacheException;
import javax.cache.configuration.Configuration;

/**
 * The key and value types a cache keeps on disk. {@code createCache} may adopt a kept cache with
 * another expiry policy, loader or writer, but only with the same types: others would overwrite
 * the kept configuration, and the application that created the cache would then read values of
 * the wrong type or fail in {@code getCache(name, keyType, valueType)}. Object counts as a type of
 * its own: an untyped cache may hold anything, and a typed one is read by typed callers, so
 * neither adopts the other. A cache without a kept configuration (made by Python, or by
 * {@code getCache} alone) is adopted with any types.
 */
public record KeptTypes(String keyType, String valueType) {

    /** @throws CacheException when the cache in {@code cacheDirectory} keeps other types than requested */
    public static void requireSameAs(String cacheName, Path cacheDirectory, Configuration<?, ?> requested,
                                     ClassLoader classLoader) {
        KeptTypes kept = PersistedConfiguration.keptTypes(cacheDirectory, classLoader);
        KeptTypes asked = new KeptTypes(requested.getKeyType().getName(), requested.getValueType().getName());
        if (kept != null && !kept.equals(asked)) {
            throw new CacheException("cache " + cacheName + " exists on disk with the types " + kept
                    + "; createCache asked for " + asked + ". Its kept configuration is left as it is: open it with"
                    + " getCache, choose another name, or remove it with destroyCache (which deletes its entries)");
        }
    }

    @Override
    public String toString() {
        return keyType + " -> " + valueType;
    }
}
