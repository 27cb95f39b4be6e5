package io.github.jdiskcache.jcache.configuration;

import java.time.Duration;
import java.util.Collections;

import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

import io.github.jdiskcache.store.EvictionPolicy;
import io.github.jdiskcache.store.Serializer;

/**
 * What {@code Cache.getConfiguration} returns: a copy of the cache's configuration as it is at the
 * moment of the call. JSR-107 requires it to be immutable, so every setter throws: code that tries
 * to reconfigure a running cache through it learns at once that it cannot, instead of turning off
 * a loader or a type check behind the cache's back. It is a {@link DiskCacheConfiguration}, so
 * every configuration class a cache may have been created with can be asked for.
 */
public final class ConfigurationSnapshot<K, V> extends DiskCacheConfiguration<K, V> {
    private static final long serialVersionUID = 1L;

    /** False while MutableConfiguration's copy constructor adds the listeners through the setter. */
    private final boolean copied;

    public ConfigurationSnapshot(CompleteConfiguration<K, V> configuration) {
        super(configuration);
        copied = true;
    }

    private static UnsupportedOperationException unmodifiable() {
        return new UnsupportedOperationException("a cache's configuration cannot change once the cache exists;"
                + " this is a read-only copy (Cache.getConfiguration). Listeners are registered with"
                + " Cache.registerCacheEntryListener, statistics and management switched with CacheManager.enable*");
    }

    @Override
    public Iterable<CacheEntryListenerConfiguration<K, V>> getCacheEntryListenerConfigurations() {
        return Collections.unmodifiableSet(listenerConfigurations);
    }

    @Override
    public MutableConfiguration<K, V> addCacheEntryListenerConfiguration(
            CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        if (copied) {
            throw unmodifiable();
        }
        return super.addCacheEntryListenerConfiguration(listenerConfiguration);
    }

    @Override
    public MutableConfiguration<K, V> removeCacheEntryListenerConfiguration(
            CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        throw unmodifiable();
    }

    @Override
    public DiskCacheConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
        throw unmodifiable();
    }

    @Override
    public MutableConfiguration<K, V> setCacheLoaderFactory(Factory<? extends CacheLoader<K, V>> factory) {
        throw unmodifiable();
    }

    @Override
    public MutableConfiguration<K, V> setCacheWriterFactory(
            Factory<? extends CacheWriter<? super K, ? super V>> factory) {
        throw unmodifiable();
    }

    @Override
    public MutableConfiguration<K, V> setExpiryPolicyFactory(Factory<? extends ExpiryPolicy> factory) {
        throw unmodifiable();
    }

    @Override
    public MutableConfiguration<K, V> setReadThrough(boolean isReadThrough) {
        throw unmodifiable();
    }

    @Override
    public MutableConfiguration<K, V> setWriteThrough(boolean isWriteThrough) {
        throw unmodifiable();
    }

    @Override
    public MutableConfiguration<K, V> setStoreByValue(boolean isStoreByValue) {
        throw unmodifiable();
    }

    @Override
    public MutableConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
        throw unmodifiable();
    }

    @Override
    public MutableConfiguration<K, V> setManagementEnabled(boolean enabled) {
        throw unmodifiable();
    }

    @Override
    public DiskCacheConfiguration<K, V> setShards(int shards) {
        throw unmodifiable();
    }

    @Override
    public DiskCacheConfiguration<K, V> setSizeLimit(long bytes) {
        throw unmodifiable();
    }

    @Override
    public DiskCacheConfiguration<K, V> setEvictionPolicy(EvictionPolicy policy) {
        throw unmodifiable();
    }

    @Override
    public DiskCacheConfiguration<K, V> setCullLimit(long rows) {
        throw unmodifiable();
    }

    @Override
    public DiskCacheConfiguration<K, V> setMinFileSize(long bytes) {
        throw unmodifiable();
    }

    @Override
    public DiskCacheConfiguration<K, V> setLockTimeout(Duration timeout) {
        throw unmodifiable();
    }

    @Override
    public DiskCacheConfiguration<K, V> setHeapBytes(long bytes) {
        throw unmodifiable();
    }

    @Override
    public DiskCacheConfiguration<K, V> setSerializerFactory(Factory<? extends Serializer> factory) {
        throw unmodifiable();
    }
}
