package io.github.jdiskcache.store;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Child-JVM entry point: waits for a start file, then opens a (possibly new) FanoutCache from
 * several threads at once and writes one entry per thread.
 */
public final class OpenWorker {
    /** Printed before waiting for the start file: the parent's cue to create it. */
    static final String READY = "READY";

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        Path startSignal = Path.of(args[1]);
        String name = args[2];
        int threads = Integer.parseInt(args[3]);
        System.out.println(READY);
        while (!java.nio.file.Files.exists(startSignal)) {
            Thread.sleep(1);
        }
        CountDownLatch done = new CountDownLatch(threads);
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            String key = name + "-" + t;
            Thread thread = new Thread(() -> {
                try (FanoutCache cache = FanoutCache.open(directory)) {
                    cache.set(key, key);
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        if (failure[0] != null) {
            failure[0].printStackTrace();
            System.exit(1);
        }
    }
}
