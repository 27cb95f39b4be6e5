package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowStoreTest {
    @TempDir
    Path directory;

    private ShardParts parts;
    private RowStore rows;

    @BeforeEach
    void open() {
        parts = new ShardParts(directory, false);
        rows = parts.rows;
    }

    @AfterEach
    void close() {
        parts.close();
    }

    private DbKey key(Object key) {
        return parts.disk.encodeKey(key);
    }

    @Test
    void liveReadsMissARowExpiringExactlyNowWhichTheOtherReadsStillFind() {
        DbKey key = key("k");
        double now = parts.now();
        parts.write(key, "value", now);

        assertNull(rows.liveValue(key, now));
        assertNull(rows.liveEntry(key, now));
        assertFalse(rows.containsReadable(key, now));
        assertNull(rows.liveStream(key, now));
        assertNull(parts.transactions.read(connection -> rows.liveEntryRow(connection, key, now)));

        StoredEntry any = rows.anyEntry(key);
        assertEquals("value", any.value());
        assertEquals(now, any.expireTime());
        assertEquals("k", any.key());
        assertNotNull(parts.entryRow(key));
        assertNotNull(parts.transactions.read(connection -> rows.writeTarget(connection, key)));

        assertEquals("value", rows.liveValue(key, now - 0.001));
    }

    @Test
    void aValueKeptInAFileIsReadAgainWithItsFileByEveryRead() {
        DbKey key = key("k");
        String large = "x".repeat(1000);
        parts.write(key, large, null);
        Row row = parts.entryRow(key);
        assertNotNull(row.filename());
        assertNull(row.inline());

        double now = parts.now();
        assertEquals(large, rows.liveValue(key, now));
        assertEquals(large, rows.liveEntry(key, now).value());
        assertEquals(large, rows.anyEntry(key).value());
    }

    @Test
    void writingOverARowKeepsItsPlaceInInsertionOrderExpiredOrNot() {
        DbKey key = key("k");
        long first = parts.write(key, "a", parts.now() - 10);
        long other = parts.write(key("other"), "b", null);
        assertEquals(first, parts.write(key, "c", null));
        assertNotEquals(first, other);
        assertEquals("c", rows.liveValue(key, parts.now()));
    }

    @Test
    void aDamagedRowIsRemovedOnlyWhileItIsStillTheVersionThatWasRead() throws Exception {
        DbKey key = key("k");
        parts.write(key, "x".repeat(1000), null);
        Row damagedVersion = parts.entryRow(key);
        Files.delete(directory.resolve(damagedVersion.filename()));
        List<RowStore.Damage> damage = new ArrayList<>();
        assertNull(rows.decode(damagedVersion, damage));
        assertEquals(1, damage.size());

        parts.write(key, "replacement", null); // an overwrite between the read and the clean-up
        parts.transactions.write(null, transaction -> {
            rows.removeDamaged(transaction, key, damage.get(0));
            return null;
        });
        assertEquals("replacement", rows.liveValue(key, parts.now()));
        assertEquals(0, rows.damagedEntryCount());

        parts.write(key, "y".repeat(1000), null);
        Files.delete(directory.resolve(parts.entryRow(key).filename()));
        assertNull(rows.liveValue(key, parts.now()));
        assertEquals(1, rows.damagedEntryCount());
        assertNull(parts.entryRow(key));
    }
}
