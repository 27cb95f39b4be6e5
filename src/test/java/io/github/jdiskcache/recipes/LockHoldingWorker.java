package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.nio.file.Path;

import io.github.jdiskcache.store.FanoutCache;

/** A child JVM that takes Lock "job" with an expire of ARG2 seconds, prints "held" and waits to be killed. */
public final class LockHoldingWorker {
    private LockHoldingWorker() {
    }

    public static void main(String[] args) throws Exception {
        try (FanoutCache cache = FanoutCache.open(Path.of(args[0]))) {
            new Lock(cache, "job", Duration.ofSeconds(Long.parseLong(args[1]))).acquire();
            System.out.println("held");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE); // held until the parent kills this process
        }
    }
}
