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
}
