package io.github.jdiskcache.store;

import static io.github.jdiskcache.store.ShardFiles.valueFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CullerTest {
    @TempDir
    Path directory;

    private ShardParts parts;
    private EntryOperations entries;

    @BeforeEach
    void open() {
        parts = new ShardParts(directory, false);
        entries = parts.entries;
    }

    @AfterEach
    void close() {
        parts.close();
    }

    private void reopen(Settings.Builder settings) {
        parts.close();
        parts = new ShardParts(directory, false, settings.build());
        entries = parts.entries;
    }

    private DbKey key(Object key) {
        return parts.disk.encodeKey(key);
    }

    private boolean stored(Object key) {
        return parts.entryRow(key(key)) != null;
    }

    private void tick() {
        parts.clock.advance(Duration.ofSeconds(1));
    }

    /**
     * diskcache's two comparisons, exactly at the limit: a write culls once the volume has reached
     * the limit ({@code volume() < size_limit} returns early), a manual cull only above it
     * ({@code while volume() > size_limit}).
     */
    @Test
    void atExactlyTheSizeLimitAWriteCullsAndAManualCullDoesNot() {
        reopen(ShardParts.settings().cullLimit(1));
        for (String key : List.of("a", "b", "c")) {
            parts.write(key(key), new byte[40_000], null); // value files: the volume counts their sizes
            tick();
        }
        long volume = parts.culler.volume();
        reopen(ShardParts.settings().cullLimit(1).sizeLimit(volume));
        assertEquals(volume, parts.culler.volume(), "reopening with the limit left the volume as it was");

        assertEquals(0, parts.culler.cull(parts.now()));
        assertEquals(3, parts.size(), "a manual cull leaves a cache whose volume equals its limit");

        entries.set("c", new byte[40_000], null, null); // the same volume again
        assertEquals(volume, parts.culler.volume() + 40_000, "one row of 40,000 bytes went");
        assertFalse(stored("a"), "a write at the limit culls the oldest");
        assertTrue(stored("b"));
        assertTrue(stored("c"));
    }

    @Test
    void aWriteCullsExpiredRowsBeforeItEvictsByPolicy() {
        reopen(ShardParts.settings().sizeLimit(100_000).cullLimit(1));
        parts.write(key("old"), new byte[40_000], null);
        tick();
        parts.write(key("expired"), "x", parts.now() + 1);
        tick();
        parts.write(key("mid"), new byte[40_000], null);
        tick();
        tick();

        entries.set("new", new byte[40_000], null, null);
        assertFalse(stored("expired"), "the expired row goes first");
        assertTrue(stored("old"), "the budget of one row went to the expired row");
        assertEquals(3, parts.size());

        tick();
        entries.set("newer", "v", null, null);
        assertFalse(stored("old"), "then the policy (least recently stored) picks the oldest");
        assertTrue(stored("mid"));
        assertTrue(stored("newer"));
        assertEquals(1, parts.culler.evictionCount());
    }

    @Test
    void aWriteCullsNoMoreThanCullLimitExpiredRowsOldestExpiryFirst() {
        reopen(ShardParts.settings().cullLimit(2));
        for (int i = 5; i >= 1; i--) {
            parts.write(key("e" + i), "x", parts.now() + i);
        }
        parts.clock.advance(Duration.ofSeconds(10));
        entries.set("k", "v", null, null);
        assertEquals(4, parts.size());
        assertFalse(stored("e1"));
        assertFalse(stored("e2"));
        assertTrue(stored("e3") && stored("e4") && stored("e5"));
    }

    @Test
    void theRowJustWrittenIsNeverCulledEvenExpiredAndOverTheLimit() {
        reopen(ShardParts.settings().sizeLimit(1));
        long kept = parts.write(key("kept"), new byte[40_000], parts.now() + 1);
        parts.write(key("other"), "x", parts.now() + 1);
        parts.clock.advance(Duration.ofSeconds(2));
        parts.transactions.write(null, transaction -> {
            parts.culler.afterWrite(transaction, parts.now(), kept);
            return null;
        });
        assertTrue(stored("kept"));
        assertFalse(stored("other"));
        assertEquals(1, parts.size());
    }

    @Test
    void aCulledRowsValueFileIsDeletedOnlyWhenTheTransactionCommits() {
        parts.write(key("expired"), new byte[40_000], parts.now() + 1);
        long keep = parts.write(key("k"), "v", null);
        Path file = directory.resolve(parts.entryRow(key("expired")).filename());
        parts.clock.advance(Duration.ofSeconds(2));

        assertThrows(IllegalStateException.class, () -> parts.transactions.write(null, transaction -> {
            parts.culler.afterWrite(transaction, parts.now(), keep);
            throw new IllegalStateException("abort");
        }));
        assertTrue(Files.exists(file), "a rolled back cull keeps the file");
        assertTrue(stored("expired"));

        parts.transactions.write(null, transaction -> {
            parts.culler.afterWrite(transaction, parts.now(), keep);
            assertFalse(stored("expired"), "gone inside the transaction");
            assertTrue(Files.exists(file), "another process may still be reading the file until the commit");
            return null;
        });
        assertFalse(Files.exists(file));
    }

    @Test
    void expireRemovesExactlyTheRowsEveryReadMisses() {
        double now = parts.now();
        parts.write(key("past"), "x", now - 1);
        parts.write(key("now"), "x", now);
        parts.write(key("later"), "x", now + 1);
        parts.write(key("never"), "x", null);
        assertEquals(2, parts.culler.expire(now));
        assertFalse(stored("past"));
        assertFalse(stored("now"), "expiring exactly now is expired (Liveness), for reads and the culler alike");
        assertEquals(2, parts.size());
    }

    // Moved from ShardTest: the culler's rules as seen through the single-key writes.

    @Test
    void evictionNeverRemovesTheRowJustWritten() {
        reopen(ShardParts.settings().sizeLimit(200_000));
        for (int i = 0; i < 30; i++) {
            entries.set("k" + i, new byte[50_000], null, null);
            assertNotNull(entries.get("k" + i), "entry " + i + " must survive its own write");
        }
        assertTrue(parts.culler.volume() < 400_000, "volume " + parts.culler.volume());
        assertTrue(parts.culler.evictionCount() > 0);
        assertEquals(List.of(), parts.check.check(false));
    }

    @Test
    void leastRecentlyStoredEvictsOldestFirst() {
        reopen(ShardParts.settings().sizeLimit(130_000).cullLimit(1));
        entries.set("old", new byte[40_000], null, null);
        entries.set("mid", new byte[40_000], null, null);
        entries.set("new", new byte[40_000], null, null);
        entries.set("newest", new byte[40_000], null, null);
        assertNull(entries.get("old"));
        assertNotNull(entries.get("newest"));
    }

    @Test
    void leastRecentlyUsedKeepsWhatWasRead() {
        reopen(ShardParts.settings().sizeLimit(130_000).cullLimit(1)
                .evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED));
        entries.set("a", new byte[40_000], null, null);
        tick();
        entries.set("b", new byte[40_000], null, null);
        tick();
        entries.get("a");
        tick();
        entries.set("c", new byte[40_000], null, null);
        assertNull(entries.get("b"), "b was used least recently");
        assertNotNull(entries.get("a"));
    }

    @Test
    void leastFrequentlyUsedKeepsWhatIsReadOften() {
        reopen(ShardParts.settings().sizeLimit(130_000).cullLimit(1)
                .evictionPolicy(EvictionPolicy.LEAST_FREQUENTLY_USED));
        entries.set("a", new byte[40_000], null, null);
        entries.set("b", new byte[40_000], null, null);
        entries.get("a");
        entries.get("a");
        entries.get("b");
        entries.set("c", new byte[40_000], null, null);
        entries.set("d", new byte[40_000], null, null);
        assertNotNull(entries.get("a"));
        assertNull(entries.get("c"), "c was never read");
    }

    @Test
    void policyNoneNeverEvicts() {
        reopen(ShardParts.settings().sizeLimit(50_000).evictionPolicy(EvictionPolicy.NONE));
        for (int i = 0; i < 5; i++) {
            entries.set("k" + i, new byte[40_000], null, null);
        }
        assertEquals(5, parts.size());
        assertEquals(0, parts.culler.cull(parts.now()));
    }

    @Test
    void cullLimitZeroDisablesAutomaticCulling() {
        reopen(ShardParts.settings().sizeLimit(50_000).cullLimit(0));
        entries.set("e", "v", 1.0, null);
        parts.clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 3; i++) {
            entries.set("k" + i, new byte[40_000], null, null);
        }
        assertEquals(4, parts.size());
        assertTrue(parts.culler.cull(parts.now()) >= 3, "manual cull removes the expired row and evicts for size");
        assertTrue(parts.culler.volume() <= 50_000 || parts.size() == 0);
    }

    @Test
    void clearRemovesEverythingInBatches() {
        for (long i = 0; i < 321; i++) {
            entries.set(i, i, null, null);
        }
        entries.set("big", new byte[40_000], null, null);
        assertEquals(322, parts.culler.clear());
        assertEquals(0, parts.size());
        assertEquals(0, valueFiles(directory).size());
    }

    @Test
    void volumeCountsPagesAndFiles() {
        long empty = parts.culler.volume();
        assertTrue(empty > 0);
        entries.set("big", new byte[100_000], null, null);
        assertTrue(parts.culler.volume() >= empty + 100_000);
    }
}
