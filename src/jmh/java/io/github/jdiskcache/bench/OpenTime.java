package io.github.jdiskcache.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.SplittableRandom;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

import io.github.jdiskcache.store.FanoutCache;

/**
 * Time to open a large existing cache and read one key, through the native {@link FanoutCache} and
 * through JCache. {@link #build} writes the cache once (a JCache cache "open" of 8 shards, filled
 * through {@code unwrap(FanoutCache.class)} in batches); {@link #fanout} and {@link #jcache} time
 * open + one get in this JVM; {@link #main} does the same as the first thing a fresh JVM does and
 * prints {@code OPEN_MS <ms>}, measured from the start of main (class loading of the library and
 * sqlite-jdbc's native library included; the JVM's own start is not: the suite measures that too).
 * Two floors for those fresh JVMs: {@link #sqlite} (bare sqlite-jdbc opening the key's shard file and
 * running the same lookup) and {@code jvm} (nothing at all: a whole-process time of the JVM alone).
 *
 * <p>Usage (fresh JVM): {@code java -cp target/jdiskcache-benchmarks.jar io.github.jdiskcache.bench.OpenTime
 * fanout <cache folder> <key>}, {@code ... OpenTime jcache <manager folder> <key>},
 * {@code ... OpenTime sqlite <shard's cache.db> <key>} or {@code ... OpenTime jvm - -}.
 */
public final class OpenTime {
    /** The JCache cache name inside the manager folder. */
    public static final String CACHE = "open";

    private OpenTime() {
    }

    /** Creates {@code entries} entries of {@code size} random bytes in manager folder {@code managerDir}. */
    public static void build(Path managerDir, int entries, int size) {
        String[] keys = new String[entries];
        for (int n = 0; n < entries; n++) {
            keys[n] = Workload.key(n);
        }
        SplittableRandom random = new SplittableRandom(7);
        byte[][] values = new byte[Workload.DISTINCT_VALUES][size];
        for (byte[] value : values) {
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) random.nextInt(256);
            }
        }
        CachingProvider provider = Caching.getCachingProvider(JCacheStores.JDISKCACHE);
        CacheManager manager = provider.getCacheManager(managerDir.toUri(), provider.getDefaultClassLoader());
        try {
            Cache<String, byte[]> cache = manager.createCache(CACHE,
                    new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
            FanoutStore.load(cache.unwrap(FanoutCache.class), keys, values);
        } finally {
            manager.close();
        }
    }

    /** The cache's own folder (a FanoutCache directory) inside the manager folder. */
    public static Path cacheDirectory(Path managerDir) {
        CachingProvider provider = Caching.getCachingProvider(JCacheStores.JDISKCACHE);
        CacheManager manager = provider.getCacheManager(managerDir.toUri(), provider.getDefaultClassLoader());
        try {
            return manager.getCache(CACHE, String.class, byte[].class).unwrap(FanoutCache.class).directory();
        } finally {
            manager.close();
        }
    }

    /** Nanoseconds to {@code FanoutCache.open(dir)} and get {@code key} (closing is not timed). */
    public static long fanout(Path cacheDir, String key) {
        long started = System.nanoTime();
        FanoutCache cache = FanoutCache.open(cacheDir);
        try {
            if (cache.get(key) == null) {
                throw new IllegalStateException(key + " missing in " + cacheDir);
            }
            return System.nanoTime() - started;
        } finally {
            cache.close();
        }
    }

    /** Nanoseconds to get the provider, the manager, {@code getCache} and get {@code key} (closing is not timed). */
    public static long jcache(Path managerDir, String key) {
        long started = System.nanoTime();
        CachingProvider provider = Caching.getCachingProvider(JCacheStores.JDISKCACHE);
        CacheManager manager = provider.getCacheManager(managerDir.toUri(), provider.getDefaultClassLoader());
        try {
            Cache<String, byte[]> cache = manager.getCache(CACHE, String.class, byte[].class);
            if (cache.get(key) == null) {
                throw new IllegalStateException(key + " missing in " + managerDir);
            }
            return System.nanoTime() - started;
        } finally {
            manager.close();
        }
    }

    /**
     * The floor of a cold read: nanoseconds for sqlite-jdbc to connect to {@code database} (a shard's
     * file, so its native library is loaded on the way, as sqlite-jdbc's properties say) and read
     * {@code key}'s value (a string key stored raw, as diskcache stores it) with one statement.
     */
    public static long sqlite(Path database, String key) {
        long started = System.nanoTime();
        try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + database, new Properties());
                PreparedStatement select = connection.prepareStatement("SELECT value FROM Cache WHERE key = ? AND raw = 1")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || row.getBytes(1) == null) {
                    throw new IllegalStateException(key + " missing in " + database);
                }
            }
            return System.nanoTime() - started;
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + key + " from " + database + " failed", e);
        }
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: OpenTime fanout <cache folder> <key> | OpenTime jcache <manager folder> <key>"
                    + " | OpenTime sqlite <shard's cache.db> <key> | OpenTime jvm - -");
            System.exit(2);
        }
        Path folder = Paths.get(args[1]);
        long nanos = switch (args[0]) {
            case "fanout" -> fanout(folder, args[2]);
            case "jcache" -> jcache(folder, args[2]);
            case "sqlite" -> sqlite(folder, args[2]);
            case "jvm" -> 0;
            default -> throw new IllegalArgumentException(args[0]);
        };
        System.out.printf("OPEN_MS %.3f%n", nanos / 1e6);
    }
}
