package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveSettingsTest {
    @TempDir
    Path directory;

    @Test
    void aChangedPragmaReachesAPooledConnectionTheNextTimeItIsBorrowed() {
        try (ShardParts parts = new ShardParts(directory, false)) {
            String cacheSize = "PRAGMA cache_size";
            long before = parts.transactions.read(connection -> Sql.queryLong(connection.prepare(cacheSize)));
            Settings changed = Settings.builder().set(Settings.SQLITE_CACHE_SIZE, 100L).build()
                    .mergedOver(parts.settings.get().asMap());

            parts.settings.changed(Settings.SQLITE_CACHE_SIZE, changed);

            long after = parts.transactions.read(connection -> Sql.queryLong(connection.prepare(cacheSize)));
            assertEquals(100L, after);
            assertNotEquals(before, after);
        }
    }

    // ------------------------------------------------------------------ mmap_size sized to the shard

    private static long pragma(ShardParts parts, String pragma) {
        return parts.transactions.read(connection -> Sql.queryLong(connection.prepare("PRAGMA " + pragma)));
    }

    /** The Settings row of {@code key}, as Python's diskcache reads it. */
    private static long persisted(ShardParts parts, String key) {
        return parts.transactions.read(connection -> {
            java.sql.PreparedStatement select = connection.prepare(ShardSchema.SELECT_SETTING);
            select.setString(1, key);
            return Sql.queryLong(select);
        });
    }

    @Test
    void diskcachesDefaultMapGrowsToTheShardsSizeLimitOnEachConnectionWhileSettingsKeepsIt() {
        long limit = 512L << 20;
        try (ShardParts parts = new ShardParts(directory, false, ShardParts.settings().sizeLimit(limit).build())) {
            assertEquals(limit, pragma(parts, "mmap_size"));
            assertEquals(1L << 26, persisted(parts, Settings.SQLITE_MMAP_SIZE), "Python's diskcache reads 64 MiB, as it wrote");
            assertEquals(1L << 26, parts.settings.get().asMap().get(Settings.SQLITE_MMAP_SIZE));
        }
    }

    @Test
    void aShardSmallerThanDiskcachesMapKeepsIt() {
        try (ShardParts parts = new ShardParts(directory, false, ShardParts.settings().sizeLimit(1 << 20).build())) {
            assertEquals(1L << 26, pragma(parts, "mmap_size"));
        }
    }

    @Test
    void aMapSizeTheUserChoseWins() {
        Settings explicit = ShardParts.settings().sizeLimit(512L << 20).mmapSize(3L << 20).build();
        try (ShardParts parts = new ShardParts(directory, false, explicit)) {
            assertEquals(3L << 20, pragma(parts, "mmap_size"));
            assertEquals(3L << 20, persisted(parts, Settings.SQLITE_MMAP_SIZE));
        }
    }

    @Test
    void aNewSizeLimitReachesTheMapOfPooledConnections() {
        try (ShardParts parts = new ShardParts(directory, false, ShardParts.settings().sizeLimit(256L << 20).build())) {
            assertEquals(256L << 20, pragma(parts, "mmap_size"));
            Settings changed = Settings.builder().sizeLimit(768L << 20).build().mergedOver(parts.settings.get().asMap());

            parts.settings.changed(Settings.SIZE_LIMIT, changed);

            assertEquals(768L << 20, pragma(parts, "mmap_size"));
        }
    }

    // ------------------------------------------------------------------ page cache of a mapped shard

    @Test
    void aMappedShardKeepsASmallPageCacheOnEachConnectionWhileSettingsKeepsDiskcachesPages() {
        try (ShardParts parts = new ShardParts(directory, false)) {
            assertEquals(ShardSchema.MAPPED_SHARD_CACHE_PAGES, pragma(parts, "cache_size"));
            assertEquals(8192L, persisted(parts, Settings.SQLITE_CACHE_SIZE), "Python's diskcache reads 8192 pages, as it wrote");
        }
    }

    @Test
    void aShardWhoseMapTheUserChoseKeepsDiskcachesPageCache() {
        try (ShardParts parts = new ShardParts(directory, false, ShardParts.settings().mmapSize(3L << 20).build())) {
            assertEquals(8192L, pragma(parts, "cache_size"));
        }
    }

    @Test
    void aPageCacheTheUserChoseWins() {
        try (ShardParts parts = new ShardParts(directory, false, ShardParts.settings().cacheSizePages(20_000).build())) {
            assertEquals(20_000L, pragma(parts, "cache_size"));
            assertEquals(20_000L, persisted(parts, Settings.SQLITE_CACHE_SIZE));
        }
    }
}
