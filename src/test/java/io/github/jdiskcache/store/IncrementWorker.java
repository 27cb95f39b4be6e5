package io.github.jdiskcache.store;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Child-JVM entry point: increments one counter of a FanoutCache from several threads. */
public final class IncrementWorker {
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        String key = args[1];
        int threads = Integer.parseInt(args[2]);
        int perThread = Integer.parseInt(args[3]);
        try (FanoutCache cache = FanoutCache.open(directory)) {
            incrementConcurrently(cache, key, threads, perThread);
        }
    }

    static void incrementConcurrently(FanoutCache cache, String key, int threads, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] futures = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                futures[t] = pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        cache.incr(key, 1, 0L);
                    }
                    return null;
                });
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
