package io.github.jdiskcache.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a FanoutCache directory must be reopened with, persisted in {@code fanout.properties}:
 * the shard count (Python keeps it only in the caller's code, so reopening with another count
 * silently loses keys) and the total size limit (Python resets it to the default on every open
 * that does not repeat it). Python ignores the file.
 *
 * @param sizeLimit total bytes over all shards, or null while unknown (a directory Python created)
 */
record FanoutLayout(int shards, Long sizeLimit) {
    static final String FILE = FanoutCache.LAYOUT_FILE;
    private static final String LOCK_FILE = FILE + ".lock";
    private static final int FORMAT = 1;
    private static final long DEFAULT_SIZE_LIMIT = 1L << 30;

    static String shardName(int index) {
        // Not String.format: its first use sets up locale data, milliseconds of every cold open.
        String digits = Integer.toString(index);
        return "000".substring(Math.min(3, digits.length())) + digits;
    }

    long perShardSizeLimit() {
        return Math.max(1, sizeLimit / shards);
    }

    /**
     * Reads the directory's layout, or (unless {@code readOnly}) decides and records it, validating
     * what the opener asked for.
     */
    static FanoutLayout establish(Path directory, Integer requestedShards, Long requestedSizeLimit,
                                  FilePermissions permissions, boolean readOnly) {
        if (readOnly) {
            return readOnly(directory, requestedShards);
        }
        try {
            permissions.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreException("cache directory " + directory + " does not exist and could not be created", e);
        }
        return InitLock.holding(directory.resolve(LOCK_FILE), permissions, () -> {
            Path file = directory.resolve(FILE);
            if (Files.exists(file)) {
                FanoutLayout persisted = read(file);
                requireSameShards(directory, persisted.shards, requestedShards);
                if (requestedSizeLimit != null && !requestedSizeLimit.equals(persisted.sizeLimit)) {
                    FanoutLayout changed = new FanoutLayout(persisted.shards, requestedSizeLimit);
                    changed.write(directory, permissions);
                    return changed;
                }
                return persisted;
            }
            int existing = countExistingShards(directory);
            FanoutLayout layout;
            if (existing > 0) {
                requireSameShards(directory, existing, requestedShards);
                layout = new FanoutLayout(existing, requestedSizeLimit);
            } else {
                layout = new FanoutLayout(requestedShards == null ? FanoutCache.DEFAULT_SHARDS : requestedShards,
                        requestedSizeLimit == null ? DEFAULT_SIZE_LIMIT : requestedSizeLimit);
            }
            if (layout.sizeLimit != null) {
                layout.write(directory, permissions);
            }
            return layout;
        });
    }

    /** The layout of a folder that cannot be written: read or inferred, never recorded. */
    private static FanoutLayout readOnly(Path directory, Integer requestedShards) {
        Path file = directory.resolve(FILE);
        FanoutLayout layout = Files.exists(file) ? read(file) : new FanoutLayout(countExistingShards(directory), null);
        if (layout.shards == 0) {
            throw new ReadOnlyCacheException("cache directory " + directory + " holds no cache, and opened read-only"
                    + " it cannot create one");
        }
        requireSameShards(directory, layout.shards, requestedShards);
        return layout;
    }

    FanoutLayout recordSizeLimit(Path directory, long total, FilePermissions permissions, boolean readOnly) {
        FanoutLayout recorded = new FanoutLayout(shards, total);
        if (readOnly) {
            return recorded;
        }
        InitLock.holding(directory.resolve(LOCK_FILE), permissions, () -> {
            recorded.write(directory, permissions);
            return null;
        });
        return recorded;
    }

    private static void requireSameShards(Path directory, int actual, Integer requested) {
        if (requested != null && requested != actual) {
            throw new IncompatibleLayoutException("directory " + directory + " holds a FanoutCache of " + actual
                    + " shards; opening it with " + requested + " would send keys to the wrong shards");
        }
    }

    /** Shards {@code 000}, {@code 001}, … that already hold a database, e.g. written by Python. */
    private static int countExistingShards(Path directory) {
        int count = 0;
        while (count < 1000 && Files.exists(directory.resolve(shardName(count)).resolve(Shard.DATABASE_FILE))) {
            count++;
        }
        return count;
    }

    private static FanoutLayout read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
            int shards = Integer.parseInt(properties.getProperty("shards", "").trim());
            String size = properties.getProperty("size_limit");
            return new FanoutLayout(shards, size == null ? null : Long.parseLong(size.trim()));
        } catch (IOException | NumberFormatException e) {
            throw new StoreException("cannot read the FanoutCache layout " + file + ": " + e, e);
        }
    }

    /** Written to a temporary file and moved into place, so a reader never sees half a file. */
    private void write(Path directory, FilePermissions permissions) {
        Properties properties = new Properties();
        properties.setProperty("format", Integer.toString(FORMAT));
        properties.setProperty("shards", Integer.toString(shards));
        properties.setProperty("size_limit", Long.toString(sizeLimit));
        Path file = directory.resolve(FILE);
        try {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            properties.store(text, "jdiskcache FanoutCache layout; shards must not change");
            permissions.replaceAtomically(file, text.toByteArray());
        } catch (IOException e) {
            throw new StoreException("cannot write the FanoutCache layout " + file, e);
        }
    }
}
