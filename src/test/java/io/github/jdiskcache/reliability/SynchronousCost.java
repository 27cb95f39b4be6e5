package io.github.jdiskcache.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/**
 * Not a test: measures JCache put latency with {@code sqlite_synchronous=1} (NORMAL, the default)
 * against {@code 2} (FULL, durable across power loss), for the figures in docs/guarantees.md.
 * Run: {@code java -cp target/classes:target/test-classes:<deps> io.github.jdiskcache.reliability.SynchronousCost [dir]}.
 */
public final class SynchronousCost {
    private SynchronousCost() {
    }

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("sync-cost");
        int smallPuts = 3000;
        int bigPuts = 300;
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            for (int synchronous : new int[] {1, 2}) {
                Properties properties = new Properties();
                properties.setProperty("sqlite_synchronous", Integer.toString(synchronous));
                Path directory = root.resolve("round" + round + "-sync" + synchronous);
                try (CacheManager manager = Caching.getCachingProvider(DiskCachingProvider.class.getName())
                        .getCacheManager(directory.toUri(), SynchronousCost.class.getClassLoader(), properties)) {
                    Cache<String, Object> cache = manager.createCache("bench",
                            new DiskCacheConfiguration<String, Object>().setTypes(String.class, Object.class));
                    long[] small = new long[smallPuts];
                    for (int i = 0; i < smallPuts; i++) {
                        long started = System.nanoTime();
                        cache.put("small-" + (i % 500), "value-" + i + "-" + "x".repeat(100));
                        small[i] = System.nanoTime() - started;
                    }
                    byte[] payload = new byte[64 * 1024];
                    long[] big = new long[bigPuts];
                    for (int i = 0; i < bigPuts; i++) {
                        payload[0] = (byte) i;
                        long started = System.nanoTime();
                        cache.put("big-" + (i % 50), payload.clone());
                        big[i] = System.nanoTime() - started;
                    }
                    if (round == 1) {
                        System.out.printf("synchronous=%d: small put median %s p99 %s mean %s | 64 KiB put median %s"
                                        + " p99 %s mean %s%n", synchronous,
                                micros(small, 50), micros(small, 99), mean(small),
                                micros(big, 50), micros(big, 99), mean(big));
                    }
                }
            }
        }
    }

    private static String micros(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("%.0f µs", sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e3);
    }

    private static String mean(long[] nanos) {
        return String.format("%.0f µs", Arrays.stream(nanos).average().orElse(0) / 1e3);
    }
}
