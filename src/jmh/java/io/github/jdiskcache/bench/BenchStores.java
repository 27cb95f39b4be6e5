package io.github.jdiskcache.bench;

import java.nio.file.Path;
import java.util.List;

/** The stores a benchmark can name in its {@code store} parameter. */
public final class BenchStores {
    /** Every name {@link #open} knows. */
    public static final List<String> NAMES = List.of("shard", "fanout8", "sqlite1", "sqlite8", "jcache", "jcache-noheap",
            "ehcache-disk", "caffeine-jcache", "caffeine-jcache-value");

    private BenchStores() {
    }

    /**
     * Opens an empty store of the given kind in {@code directory} (a fresh, empty directory).
     *
     * <ul>
     *   <li>{@code shard}: {@code Shard.open(dir)}, default settings;</li>
     *   <li>{@code fanout8}: {@code FanoutCache.open(dir, 8, Settings.none(), StoreOptions.defaults())};</li>
     *   <li>{@code sqlite1}: bare sqlite-jdbc on one file with the shard's schema and PRAGMAs (the floor);</li>
     *   <li>{@code sqlite8}: the same on 8 files chosen by the key's hash;</li>
     *   <li>{@code jcache-noheap}: {@code jcache} with its heap tier off ({@code heap_bytes=0});</li>
     *   <li>{@code caffeine-jcache-value}: Caffeine's JCache storing by value (a copy per read), as jdiskcache does;</li>
     *   <li>{@code jcache}, {@code ehcache-disk}, {@code caffeine-jcache}: a {@code javax.cache.Cache}
     *       of jdiskcache, Ehcache 3 (heap 100 entries + persistent disk tier) and Caffeine (heap
     *       only), see {@link JCacheStores}.</li>
     * </ul>
     */
    public static BenchStore open(String name, Path directory) {
        switch (name) {
            case "shard":
                return new ShardStore(directory);
            case "fanout8":
                return new FanoutStore(directory, 8);
            case "sqlite1":
                return new SqliteStore(directory, 1);
            case "sqlite8":
                return new SqliteStore(directory, 8);
            case "jcache":
                return JCacheStores.jdiskcache(directory, null);
            case "jcache-noheap":
                return JCacheStores.jdiskcache(directory, 0L);
            case "ehcache-disk":
                return JCacheStores.ehcacheDisk(directory);
            case "caffeine-jcache":
                return JCacheStores.caffeine(directory, false);
            case "caffeine-jcache-value":
                return JCacheStores.caffeine(directory, true);
            default:
                throw new IllegalArgumentException("unknown store '" + name + "'; known: " + NAMES);
        }
    }
}
