package io.github.jdiskcache.jcache;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheWriter;
import javax.management.ObjectName;

import io.github.jdiskcache.jcache.event.EventDispatcher;
import io.github.jdiskcache.jcache.expiry.ExpiryTimes;
import io.github.jdiskcache.jcache.integration.ReadThrough;
import io.github.jdiskcache.jcache.integration.WriteThrough;
import io.github.jdiskcache.jcache.management.CacheConfigurationBean;
import io.github.jdiskcache.jcache.management.CacheStatistics;
import io.github.jdiskcache.jcache.management.MBeanRegistrar;
import io.github.jdiskcache.jcache.operation.EntryTypes;
import io.github.jdiskcache.jcache.operation.OperationContext;
import io.github.jdiskcache.store.FanoutCache;

/**
 * Assembles a {@link DiskCache} from its configuration: expiry policy, loader, writer, listeners,
 * store, statistics, the loadAll executor and the MBeans. The cache's clock is its store's (the
 * manager puts one clock into the store options), so the JCache layer and the store agree on now.
 */
final class DiskCacheFactory {
    /** Looked up when there is something to say: setting up logging is a cost of every cold start. */
    private static System.Logger log() {
        return System.getLogger(DiskCacheFactory.class.getName());
    }

    private final DiskCacheManager manager;

    DiskCacheFactory(DiskCacheManager manager) {
        this.manager = manager;
    }

    /**
     * The configuration's factories run before {@code openStore} touches the disk, so a failing one
     * costs no files; whatever was made before a later step failed is released again.
     */
    <K, V> DiskCache<K, V> create(String name, MutableConfiguration<K, V> configuration,
                                  Supplier<FanoutCache> openStore) {
        ExpiryTimes expiry = null;
        ReadThrough<K, V> loader = null;
        WriteThrough<K, V> writer = null;
        EventDispatcher<K, V> listeners = null;
        FanoutCache store = null;
        ExecutorService loadExecutor = null;
        try {
            expiry = new ExpiryTimes(configuration.getExpiryPolicyFactory().create());
            loader = new ReadThrough<>(configuration.getCacheLoaderFactory() == null ? null
                    : configuration.getCacheLoaderFactory().create());
            CacheWriter<? super K, ? super V> cacheWriter = configuration.isWriteThrough()
                    && configuration.getCacheWriterFactory() != null ? configuration.getCacheWriterFactory().create() : null;
            writer = new WriteThrough<>(cacheWriter, DiskCacheEntry::new);
            listeners = new EventDispatcher<>();
            for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
                listeners.register(listener);
            }
            store = openStore.get();
            CacheStatistics statistics = new CacheStatistics(store::evictionCount);
            EntryTypes<K, V> types = new EntryTypes<>(name, configuration.getKeyType(), configuration.getValueType());
            OperationContext<K, V> operations = new OperationContext<>(store::now, expiry, writer, types,
                    listeners::hasListeners);
            String managerUri = manager.getURI().toString();
            loadExecutor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "jdiskcache-loadAll-" + name);
                thread.setDaemon(true);
                return thread;
            });
            CacheParts<K, V> parts = new CacheParts<>(store, expiry, loader, writer, listeners, operations, statistics,
                    new CacheConfigurationBean(configuration),
                    MBeanRegistrar.name(MBeanRegistrar.Kind.STATISTICS, managerUri, name),
                    MBeanRegistrar.name(MBeanRegistrar.Kind.CONFIGURATION, managerUri, name), loadExecutor);
            registerMBeans(configuration, parts);
            return new DiskCache<>(manager, name, configuration, parts);
        } catch (RuntimeException | Error e) {
            // Parts still null were never made.
            if (loadExecutor != null) {
                loadExecutor.shutdown();
            }
            if (listeners != null) {
                listeners.close();
            }
            if (loader != null) {
                closeQuietly(loader.loader(), name);
            }
            if (writer != null) {
                closeQuietly(writer.writer(), name);
            }
            if (expiry != null) {
                closeQuietly(expiry.policy(), name);
            }
            if (store != null) {
                store.close();
            }
            throw e;
        }
    }

    private static void registerMBeans(MutableConfiguration<?, ?> configuration, CacheParts<?, ?> parts) {
        ObjectName statisticsName = parts.statisticsName();
        if (configuration.isStatisticsEnabled()) {
            MBeanRegistrar.register(parts.statistics(), statisticsName);
        }
        if (configuration.isManagementEnabled()) {
            try {
                MBeanRegistrar.register(parts.configurationBean(), parts.configurationName());
            } catch (RuntimeException e) {
                if (configuration.isStatisticsEnabled()) {
                    MBeanRegistrar.unregister(statisticsName);
                }
                throw e;
            }
        }
    }

    /** Closes a configured loader, writer or policy that is closeable, logging rather than throwing. */
    static void closeQuietly(Object resource, String cacheName) {
        if (resource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log().log(System.Logger.Level.WARNING, "closing " + resource + " of cache " + cacheName + " failed", e);
            }
        }
    }
}
