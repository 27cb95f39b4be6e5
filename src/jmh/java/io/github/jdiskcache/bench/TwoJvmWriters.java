package io.github.jdiskcache.bench;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

import io.github.jdiskcache.store.FanoutCache;

/**
 * One writer JVM of the "2 JVMs writing the same cache" measurement: puts (overwrites of random
 * existing keys, {@code size}-byte values) into an existing 8-shard cache, warming up until the
 * wall-clock instant {@code startAt}, then counting puts for {@code measureMillis}, and prints
 * {@code PUTS <count> <nanos>}. The suite starts one such JVM, then two at once with the same
 * {@code startAt}, and compares the summed put rates.
 *
 * <p>Usage: {@code java -cp target/jdiskcache-benchmarks.jar io.github.jdiskcache.bench.TwoJvmWriters
 * fanout|jcache <folder> <entries> <size> <startAtEpochMillis> <measureMillis> <seed>} — the folder
 * is the FanoutCache's for {@code fanout}, the JCache manager's (cache "bench") for {@code jcache}.
 */
public final class TwoJvmWriters {
    private TwoJvmWriters() {
    }

    private interface Putter {
        void put(String key, byte[] value);
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 7) {
            System.err.println("usage: TwoJvmWriters fanout|jcache <folder> <entries> <size> <startAtEpochMillis>"
                    + " <measureMillis> <seed>");
            System.exit(2);
        }
        String mode = args[0];
        Path folder = Paths.get(args[1]);
        int entries = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        long startAt = Long.parseLong(args[4]);
        long measureMillis = Long.parseLong(args[5]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[6]));
        String[] keys = new String[entries];
        for (int n = 0; n < entries; n++) {
            keys[n] = Workload.key(n);
        }
        byte[][] values = new byte[Workload.DISTINCT_VALUES][size];
        for (byte[] value : values) {
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) random.nextInt(256);
            }
        }
        AutoCloseable closer;
        Putter putter;
        if (mode.equals("fanout")) {
            FanoutCache cache = FanoutCache.open(folder);
            putter = cache::set;
            closer = cache;
        } else if (mode.equals("jcache")) {
            CachingProvider provider = Caching.getCachingProvider(JCacheStores.JDISKCACHE);
            URI uri = folder.toUri();
            CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader());
            Cache<String, byte[]> cache = manager.getCache(JCacheStores.CACHE_NAME, String.class, byte[].class);
            putter = cache::put;
            closer = manager;
        } else {
            throw new IllegalArgumentException(mode);
        }
        long step = 0;
        while (System.currentTimeMillis() < startAt) { // warm-up
            putter.put(keys[random.nextInt(entries)], values[(int) (step++ & (Workload.DISTINCT_VALUES - 1))]);
        }
        long count = 0;
        long started = System.nanoTime();
        long deadline = started + measureMillis * 1_000_000L;
        long now = started;
        while (now < deadline) {
            putter.put(keys[random.nextInt(entries)], values[(int) (step++ & (Workload.DISTINCT_VALUES - 1))]);
            count++;
            now = System.nanoTime();
        }
        System.out.println("PUTS " + count + " " + (now - started) + " warmup " + (step - count));
        try {
            closer.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
