package io.github.jdiskcache.bench;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.spi.CachingProvider;

import org.ehcache.config.CacheConfiguration;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.core.config.DefaultConfiguration;
import org.ehcache.impl.config.persistence.DefaultPersistenceConfiguration;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.jsr107.EhcacheCachingProvider;

/**
 * The stores reached through {@code javax.cache.Cache<String, byte[]>}. jdiskcache, Ehcache and
 * Caffeine are all JCache providers on the benchmark class path, so each provider is always named
 * by its class ({@link Caching#getCachingProvider(String)}), never found by the default lookup.
 *
 * <ul>
 *   <li>{@code jcache}: {@value #JDISKCACHE}, a manager on the temporary folder's URI,
 *       {@code MutableConfiguration<String, byte[]>} with types set, everything else default
 *       (store by value, eternal, no statistics, 8 shards);</li>
 *   <li>{@code ehcache-disk}: {@value #EHCACHE} with a persistence directory in the temporary folder,
 *       heap tier of {@value #EHCACHE_HEAP_ENTRIES} entries and a persistent disk tier of
 *       {@code -Djdiskcache.bench.ehcacheDiskMb} MB (default 2048), via
 *       {@code Eh107Configuration.fromEhcacheCacheConfiguration};</li>
 *   <li>{@code caffeine-jcache}: {@value #CAFFEINE}, heap only, store by reference (no copy per
 *       call): the API's ceiling, not a disk cache.</li>
 * </ul>
 */
final class JCacheStores {
    static final String JDISKCACHE = "io.github.jdiskcache.jcache.spi.DiskCachingProvider";
    static final String EHCACHE = "org.ehcache.jsr107.EhcacheCachingProvider";
    static final String CAFFEINE = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
    static final int EHCACHE_HEAP_ENTRIES = 100;
    static final String CACHE_NAME = "bench";
    private static final int LOAD_BATCH = 1000;

    private JCacheStores() {
    }

    /**
     * {@code jcache}: jdiskcache's JCache provider, a manager on {@code directory}; {@code heapBytes}
     * null: the default heap tier. {@code -Djdiskcache.bench.sizeLimit=<bytes>} sets the manager's
     * {@code size_limit} (the scale rows: 1,000,000 entries of 1 KiB exceed the default 1 GiB,
     * which would evict a third).
     */
    static BenchStore jdiskcache(Path directory, Long heapBytes) {
        CachingProvider provider = Caching.getCachingProvider(JDISKCACHE);
        Properties properties = new Properties();
        if (heapBytes != null) {
            properties.setProperty("heap_bytes", heapBytes.toString());
        }
        String sizeLimit = System.getProperty("jdiskcache.bench.sizeLimit");
        if (sizeLimit != null) {
            properties.setProperty("size_limit", sizeLimit);
        }
        CacheManager manager = provider.getCacheManager(directory.toUri(), provider.getDefaultClassLoader(),
                properties);
        MutableConfiguration<String, byte[]> configuration = new MutableConfiguration<String, byte[]>()
                .setTypes(String.class, byte[].class);
        return new Store(manager, manager.createCache(CACHE_NAME, configuration));
    }

    /** {@code ehcache-disk}: Ehcache 3, heap 100 entries + persistent disk tier in {@code directory}. */
    static BenchStore ehcacheDisk(Path directory) {
        EhcacheCachingProvider provider = (EhcacheCachingProvider) Caching.getCachingProvider(EHCACHE);
        long diskMb = Long.getLong("jdiskcache.bench.ehcacheDiskMb", 2048);
        File persistence = directory.resolve("ehcache").toFile();
        DefaultConfiguration managerConfiguration = new DefaultConfiguration(provider.getDefaultClassLoader(),
                new DefaultPersistenceConfiguration(persistence));
        CacheManager manager = provider.getCacheManager(directory.toUri(), managerConfiguration);
        CacheConfiguration<String, byte[]> cacheConfiguration = CacheConfigurationBuilder
                .newCacheConfigurationBuilder(String.class, byte[].class, ResourcePoolsBuilder.newResourcePoolsBuilder()
                        .heap(EHCACHE_HEAP_ENTRIES, EntryUnit.ENTRIES)
                        .disk(diskMb, MemoryUnit.MB, true))
                .build();
        return new Store(manager, manager.createCache(CACHE_NAME,
                Eh107Configuration.fromEhcacheCacheConfiguration(cacheConfiguration)));
    }

    /**
     * {@code caffeine-jcache}: Caffeine's JCache, heap only, store by reference; with
     * {@code byValue} ({@code caffeine-jcache-value}) store by value, as jdiskcache always is: each
     * read returns a copy.
     */
    static BenchStore caffeine(Path directory, boolean byValue) {
        CachingProvider provider = Caching.getCachingProvider(CAFFEINE);
        URI uri = URI.create("caffeine-bench:" + directory.getFileName());
        CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader());
        MutableConfiguration<String, byte[]> configuration = new MutableConfiguration<String, byte[]>()
                .setTypes(String.class, byte[].class)
                .setStoreByValue(byValue);
        return new Store(manager, manager.createCache(CACHE_NAME, configuration));
    }

    /** Any {@code Cache<String, byte[]>}; thread-safe as JCache caches are. */
    static final class Store implements BenchStore {
        /** Reads the entry's value, then replaces it with the argument: what an invoke-based update does. */
        private static final EntryProcessor<String, byte[], Void> REPLACE_READ_VALUE = (entry, arguments) -> {
            entry.getValue();
            entry.setValue((byte[]) arguments[0]);
            return null;
        };


        private final CacheManager manager;
        final Cache<String, byte[]> cache;

        Store(CacheManager manager, Cache<String, byte[]> cache) {
            this.manager = manager;
            this.cache = cache;
        }

        @Override
        public byte[] get(String key) {
            return cache.get(key);
        }

        @Override
        public void put(String key, byte[] value) {
            cache.put(key, value);
        }

        @Override
        public void update(String key, byte[] value) {
            cache.invoke(key, REPLACE_READ_VALUE, value);
        }

        @Override
        public void remove(String key) {
            cache.remove(key);
        }

        /** {@code putAll} of {@value #LOAD_BATCH} entries at a time (jdiskcache: one transaction per shard). */
        @Override
        public void load(String[] keys, byte[][] values) {
            Map<String, byte[]> batch = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) {
                batch.put(keys[i], values[i % values.length]);
                if (batch.size() == LOAD_BATCH || i == keys.length - 1) {
                    cache.putAll(batch);
                    batch.clear();
                }
            }
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
