package io.github.jdiskcache.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM entry point: holds the lease of one key of a FanoutCache until told to let go (or
 * until it is killed). Args: the cache directory, the key, a file it creates once it holds the
 * lease, and a file whose appearance makes it release the lease and exit.
 */
public final class LeaseHoldingWorker {
    public static void main(String[] args) throws Exception {
        Path holding = Path.of(args[2]);
        Path release = Path.of(args[3]);
        try (FanoutCache cache = FanoutCache.open(Path.of(args[0]))) {
            cache.withLease(args[1], () -> {
                try {
                    Files.createFile(holding);
                    while (!Files.exists(release)) {
                        Thread.sleep(1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        }
    }
}
