package io.github.jdiskcache.reliability;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.jdiskcache.store.FanoutCache;

/**
 * Child JVM of {@link ReadOnlyDirectoryTest}: leaves committed writes in the write-ahead log of a
 * FanoutCache, announces that with a file, and waits to be killed, so the WAL is never
 * checkpointed into the database files.
 *
 * <p>Arguments: cache directory, ready file, and {@code rewrite} (100 keys written and closed, then
 * overwritten and one removed, so only the WAL holds the news) or {@code fresh} (a new cache whose
 * every byte of content is in the WAL).
 */
public final class WalWriter {
    static final int KEYS = 100;
    static final String REMOVED = "removed";
    /** A child the parent forgot to kill must not outlive the build. */
    private static final long MAX_WAIT_MILLIS = 120_000;

    private WalWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        Path ready = Path.of(args[1]);
        if (args[2].equals("rewrite")) {
            try (FanoutCache cache = FanoutCache.open(directory)) {
                for (int i = 0; i < KEYS; i++) {
                    cache.set(key(i), "old-" + i);
                }
                cache.set(REMOVED, "present");
            }
        }
        FanoutCache cache = FanoutCache.open(directory);
        for (int i = 0; i < KEYS; i++) {
            cache.set(key(i), "new-" + i);
        }
        cache.delete(REMOVED);
        Files.createFile(ready);
        Thread.sleep(MAX_WAIT_MILLIS);
    }

    static String key(int index) {
        return "key-" + index;
    }
}
