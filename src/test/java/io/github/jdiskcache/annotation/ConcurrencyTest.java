package io.github.jdiskcache.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.cache.CacheManager;
import javax.cache.annotation.CacheResult;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    private static final int THREADS = 8;

    static class Squares {
        @CacheResult(cacheName = "squares")
        public long square(int n) {
            return (long) n * n;
        }
    }

    /** Racing first uses of a class generate it and bind its caches without failing. */
    @Test
    void threadsCreateAndCallInterceptedInstancesAtOnce(@TempDir Path directory) throws Exception {
        try (CacheManager manager = TestManagers.openIn(directory)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Class<?>>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                tasks.add(() -> {
                    start.await();
                    Squares squares = CacheAnnotations.create(Squares.class, manager);
                    for (int i = 0; i < 200; i++) {
                        int n = (i + offset) % 25;
                        assertEquals((long) n * n, squares.square(n));
                    }
                    return squares.getClass();
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Class<?>>> results = new ArrayList<>();
                for (Callable<Class<?>> task : tasks) {
                    results.add(pool.submit(task));
                }
                start.countDown();
                HashSet<Class<?>> classes = new HashSet<>();
                for (Future<Class<?>> result : results) {
                    classes.add(result.get());
                }
                assertEquals(1, classes.size());
            } finally {
                pool.shutdownNow();
            }
            int entries = 0;
            for (Object ignored : manager.getCache("squares")) {
                entries++;
            }
            assertEquals(25, entries);
        }
    }
}
