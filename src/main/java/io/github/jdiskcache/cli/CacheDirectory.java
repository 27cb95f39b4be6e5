package io.github.jdiskcache.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;

/**
 * Decides, before anything is opened, whether a directory holds a FanoutCache: opening one creates
 * shards, so a typo in DIR would otherwise leave an empty cache behind.
 */
final class CacheDirectory {
    /** Python's diskcache names shard {@code i} {@code %03d}; a FanoutCache always has shard 000. */
    private static final String FIRST_SHARD = "000";

    private CacheDirectory() {
    }

    /** Written by jdiskcache (layout file) or by Python's FanoutCache (shard 000's database). */
    static boolean isFanoutCache(Path directory) {
        return Files.isDirectory(directory)
                && (Files.isRegularFile(directory.resolve(FanoutCache.LAYOUT_FILE))
                || Files.isRegularFile(directory.resolve(FIRST_SHARD).resolve(Shard.DATABASE_FILE)));
    }

    /** A Python diskcache {@code Cache} (one shard at the top level), which a FanoutCache must not move into. */
    static boolean isSingleCache(Path directory) {
        return Files.isRegularFile(directory.resolve(Shard.DATABASE_FILE));
    }

    static void requireFanoutCache(Path directory) {
        if (!isFanoutCache(directory)) {
            throw new CommandFailedException("not a jdiskcache/diskcache directory: " + directory);
        }
    }

    /** A new FanoutCache may go into a missing or unrelated directory, but not on top of a plain Cache. */
    static void requireCreatable(Path directory) {
        if (!isFanoutCache(directory) && isSingleCache(directory)) {
            throw new CommandFailedException(directory + " holds a single diskcache Cache (cache.db), not a"
                    + " FanoutCache; refusing to add FanoutCache shards to it");
        }
    }
}
