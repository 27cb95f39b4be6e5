package io.github.jdiskcache.store;

import static io.github.jdiskcache.store.ShardFiles.execute;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.ManualClock;

/**
 * The heap tier of a shard: repeated reads come from the heap, and every change — this
 * instance's, another connection's (as another process writes), raw SQL, eviction, expiry — is
 * seen by the next read. "Another" is a second shard instance without a tier, over its own
 * connections, which is what another process is to SQLite.
 */
class HeapTierTest {
    @TempDir
    Path directory;

    private final ManualClock clock = new ManualClock();
    private Shard shard;
    private Shard other;

    @BeforeEach
    void open() {
        shard = Shard.open(directory, Settings.none(), StoreOptions.defaults().withClock(clock));
        other = Shard.open(directory, Settings.none(), StoreOptions.defaults().withClock(clock).withHeapBytes(0));
    }

    @AfterEach
    void close() {
        other.close();
        shard.close();
    }

    private long hits() {
        return shard.heapTier().hitCount();
    }

    @Test
    void aRepeatedReadComesFromTheHeapAsAFreshCopy() {
        shard.set("k", new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) shard.get("k"));
        long before = hits();
        byte[] first = (byte[]) shard.get("k");
        first[0] = 9;
        byte[] second = (byte[]) shard.get("k");
        assertEquals(before + 2, hits(), "both reads came from the heap");
        assertArrayEquals(new byte[] {1, 2, 3}, second, "a caller's change to its copy reaches nobody else");
    }

    @Test
    void readsShareOneTicketUntilACommitOfAnyConnection() {
        shard.set("k", "v");
        HeapTier tier = shard.heapTier();
        HeapTier.Ticket first = tier.ticket();
        assertNotNull(first);
        assertTrue(first == tier.ticket(), "nothing changed: the same ticket, no allocation per read");
        shard.set("k", "w");
        HeapTier.Ticket afterOwnCommit = tier.ticket();
        assertTrue(afterOwnCommit != first && afterOwnCommit.generation() != first.generation(),
                "this instance's commit gives reads a new ticket");
        other.set("k", "x");
        HeapTier.Ticket afterOtherCommit = tier.ticket();
        assertTrue(!WalIndexHeader.same(afterOwnCommit.version(), afterOtherCommit.version()),
                "another connection's commit gives reads a ticket of the new version");
        assertEquals("x", shard.get("k"));
    }

    @Test
    void anotherConnectionsWriteIsSeenByTheNextRead() {
        shard.set("k", "old");
        shard.set("untouched", "same");
        assertEquals("old", shard.get("k"));
        assertEquals("same", shard.get("untouched"));
        other.set("k", "new");
        assertEquals("new", shard.get("k"));
        other.delete("k");
        assertNull(shard.get("k"));
        assertEquals("same", shard.get("untouched"));
    }

    @Test
    void rawSqlAndACheckpointAreSeenByTheNextRead() throws Exception {
        shard.set("k", "old");
        assertEquals("old", shard.get("k"));
        execute(directory, "UPDATE Cache SET value = 'raw' WHERE key = 'k'");
        assertEquals("raw", shard.get("k"));
        execute(directory, "PRAGMA wal_checkpoint(TRUNCATE)");
        other.set("k", "after checkpoint");
        assertEquals("after checkpoint", shard.get("k"));
    }

    @Test
    void thisInstancesWritesDropOnlyTheirKeys() {
        shard.set("a", "a1");
        shard.set("b", "b1");
        shard.get("a");
        shard.get("b");
        shard.set("a", "a2");
        long before = hits();
        assertEquals("b1", shard.get("b"));
        assertEquals(before + 1, hits(), "b stayed in the heap across a write of a");
        assertEquals("a2", shard.get("a"));
        shard.delete("b");
        assertNull(shard.get("b"));
        shard.incr("n", 1, 0L);
        assertEquals(1L, shard.get("n"));
        shard.incr("n", 1, 0L);
        assertEquals(2L, shard.get("n"));
        shard.compute("a", current -> EntryChange.set("a3", null, null));
        assertEquals("a3", shard.get("a"));
        shard.transact(() -> {
            shard.set("a", "a4");
            shard.pop("b");
            return null;
        });
        assertEquals("a4", shard.get("a"));
        shard.touch("a", 1.0);
        clock.advance(Duration.ofSeconds(2));
        assertNull(shard.get("a"), "a kept row expires at the expire time written after it was kept");
    }

    /** A write of this instance keeps the row it left (a copy of its value), so that a read after it needs no SQLite. */
    @Test
    void aWriteKeepsACopyOfTheRowItLeftForTheNextRead() {
        shard.set("k", new byte[] {0});
        byte[] written = {1, 2, 3};
        shard.set("k", written);
        written[0] = 9;
        long before = hits();
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) shard.get("k"), "the value as it was written");
        assertEquals(before + 1, hits(), "answered from the heap");
        shard.set("k", 7L, null, null);
        assertEquals(7L, shard.get("k"));
        assertEquals(before + 1, hits(), "an integer row is not kept from a write (SQLite may give it back as another type)");
    }

    /** Inside a transaction the writer's array may change before the commit: the tier keeps what was written. */
    @Test
    void aRowWrittenInATransactionIsKeptAsWrittenNotAsItsArrayIsAtCommit() {
        shard.set("k", new byte[] {0});
        byte[] written = {1};
        shard.transact(() -> {
            shard.set("k", written);
            written[0] = 9;
            return null;
        });
        long before = hits();
        assertArrayEquals(new byte[] {1}, (byte[]) shard.get("k"));
        assertEquals(before + 1, hits(), "answered from the heap");
        assertArrayEquals(new byte[] {1}, (byte[]) other.get("k"), "what SQLite holds");
    }

    /** A decision outside the transaction starts from the row the tier keeps, without a read transaction. */
    @Test
    void aDecisionOutsideTheTransactionStartsFromTheKeptRow() {
        shard.set("k", new byte[] {0});
        shard.set("k", new byte[] {1});
        long before = hits();
        List<Object> seen = new ArrayList<>();
        shard.computeOutsideTransaction("k", current -> {
            seen.add(((byte[]) current.value())[0]);
            return EntryChange.set(new byte[] {2}, null, null);
        });
        assertEquals(List.of((byte) 1), seen);
        assertEquals(before + 1, hits(), "the row came from the heap");
        assertArrayEquals(new byte[] {2}, (byte[]) other.get("k"));
        assertArrayEquals(new byte[] {2}, (byte[]) shard.get("k"));
    }

    /**
     * A read keeps a row without its rowid; a decision on that key must find the row in SQLite,
     * not write by a rowid the tier does not know (which would lose the delete, the expiry or the set).
     */
    @Test
    void aDecisionOnARowKeptByAReadWritesTheRowSqliteHolds() {
        other.set("gone", new byte[] {1});
        other.set("expiring", new byte[] {2});
        other.set("changed", new byte[] {3});
        for (String key : List.of("gone", "expiring", "changed")) {
            shard.get(key); // kept by the read
        }
        long before = hits();
        for (String key : List.of("gone", "expiring", "changed")) {
            assertNotNull(shard.get(key));
        }
        assertEquals(before + 3, hits(), "the three rows are kept");

        shard.computeOutsideTransaction("gone", current -> EntryChange.delete());
        shard.computeOutsideTransaction("expiring", current -> EntryChange.expireAt(clock.epochSeconds() + 1));
        shard.computeOutsideTransaction("changed", current -> EntryChange.set(new byte[] {4}, null, null));

        assertNull(other.get("gone"));
        assertArrayEquals(new byte[] {4}, (byte[]) other.get("changed"));
        clock.advance(Duration.ofSeconds(2));
        assertNull(other.get("expiring"));
        assertNull(shard.get("gone"));
        assertNull(shard.get("expiring"));
        assertArrayEquals(new byte[] {4}, (byte[]) shard.get("changed"));
    }

    /** Keys whose hashes collide ("Aa" and "BB"; byte arrays {0, 31} and {1, 0}) keep their own rows. */
    @Test
    void keysWithEqualHashesKeepTheirOwnRows() {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertEquals(java.util.Arrays.hashCode(new byte[] {0, 31}), java.util.Arrays.hashCode(new byte[] {1, 0}));
        shard.set("Aa", "first");
        shard.set("BB", "second");
        shard.set(new byte[] {0, 31}, "third");
        shard.set(new byte[] {1, 0}, "fourth");
        long before = 0;
        for (int round = 0; round < 2; round++) {
            before = hits();
            assertEquals("first", shard.get("Aa"));
            assertEquals("second", shard.get("BB"));
            assertEquals("third", shard.get(new byte[] {0, 31}));
            assertEquals("fourth", shard.get(new byte[] {1, 0}));
        }
        assertEquals(before + 4, hits(), "the second round came from the heap");
    }

    /** A decision on a kept row that another connection changed while it ran decides again on that change. */
    @Test
    void aDecisionOnAKeptRowDecidesAgainOnAnotherConnectionsChangeOfItsKey() {
        shard.set("k", new byte[] {0});
        shard.set("k", new byte[] {1});
        long before = hits();
        List<Object> seen = new ArrayList<>();
        shard.computeOutsideTransaction("k", current -> {
            byte value = ((byte[]) current.value())[0];
            seen.add(value);
            if (seen.size() == 1) {
                other.set("k", new byte[] {50});
            }
            return EntryChange.set(new byte[] {(byte) (value + 1)}, null, null);
        });
        assertEquals(List.of((byte) 1, (byte) 50), seen, "the first change was refused: the kept row was no longer the database's");
        assertEquals(before + 1, hits(), "only the first decision started from the heap");
        assertArrayEquals(new byte[] {51}, (byte[]) other.get("k"));
    }

    @Test
    void aKeptRowExpiresOnTime() {
        shard.set("k", "v", 5.0, null);
        assertEquals("v", shard.get("k"));
        clock.advance(Duration.ofSeconds(5));
        assertNull(shard.get("k"));
    }

    @Test
    void evictionBySizeLimitIsSeenByTheNextRead() {
        shard.reset(Settings.SIZE_LIMIT, 100_000L);
        shard.reset(Settings.DISK_MIN_FILE_SIZE, 1_000_000L);
        byte[] value = new byte[20_000];
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add("k" + i);
            shard.set("k" + i, value);
            for (String key : keys) {
                Object read = shard.get(key);
                Object truth = other.get(key);
                assertEquals(truth == null, read == null, key + " after writing k" + i);
            }
        }
    }

    @Test
    void theKeptBytesStayWithinTheBudget() {
        shard.close();
        shard = Shard.open(directory, Settings.none(), StoreOptions.defaults().withClock(clock).withHeapBytes(64_000));
        byte[] value = new byte[1_000];
        for (int i = 0; i < 500; i++) {
            shard.set("k" + i, value);
            shard.get("k" + i);
            assertTrue(shard.heapTier().bytes() <= 64_000, "kept " + shard.heapTier().bytes() + " bytes");
        }
        assertTrue(shard.heapTier().bytes() > 0);
        // What is counted is what is held: a pass over every key once can hit only rows kept when it
        // began (a miss keeps only the row it read), and no more than 64 rows of 1,000 bytes fit.
        long before = hits();
        for (int i = 0; i < 500; i++) {
            shard.get("k" + i);
        }
        long kept = hits() - before;
        assertTrue(kept > 0 && kept <= 64, kept + " of 500 rows answered from the heap");
    }

    /** Random writes by both instances and reads through the tier, checked against the instance without one. */
    @Test
    void randomWritesOfBothInstancesNeverLeaveAStaleRead() {
        Random random = new Random(42);
        for (int step = 0; step < 3_000; step++) {
            String key = "k" + random.nextInt(20);
            Shard writer = random.nextInt(3) == 0 ? other : shard;
            boolean deleting = random.nextInt(4) == 0;
            byte mark = (byte) step;
            switch (random.nextInt(9)) {
                case 0, 1, 2 -> writer.set(key, "v" + step);
                case 3 -> writer.delete(key);
                case 4 -> writer.add(key, "added" + step);
                case 5 -> writer.set(key, new byte[] {(byte) step}, random.nextBoolean() ? 1.0 : null, null);
                case 6 -> {
                    String second = "k" + random.nextInt(20);
                    int now = step;
                    writer.transact(() -> {
                        writer.set(key, "t" + now);
                        writer.set(second, "u" + now);
                        return null;
                    });
                }
                case 7 -> writer.computeOutsideTransaction(key, current -> deleting ? EntryChange.delete()
                        : EntryChange.set(new byte[] {(byte) (current == null ? 0 : 1), mark}, null, null));
                default -> clock.advance(Duration.ofMillis(300));
            }
            for (int read = 0; read < 3; read++) {
                String probe = "k" + random.nextInt(20);
                Object truth = other.get(probe);
                Object seen = shard.get(probe);
                if (truth instanceof byte[] bytes) {
                    assertNotNull(seen, probe + " at step " + step);
                    assertArrayEquals(bytes, (byte[]) seen, probe + " at step " + step);
                } else {
                    assertEquals(truth, seen, probe + " at step " + step);
                }
            }
        }
        assertTrue(hits() > 1_000, "the tier answered reads: " + hits());
    }
    /**
     * A decision outside the transaction commits without reading its row again only when the
     * database's version shows that nothing was committed since it read; another connection's
     * change of the key while it ran makes it decide again on that change.
     */
    @Test
    void aDecisionOutsideTheTransactionDecidesAgainOnAnotherConnectionsChangeOfItsKey() {
        shard.set("n", 1L);
        List<Object> seen = new ArrayList<>();
        shard.computeOutsideTransaction("n", current -> {
            seen.add(current.value());
            if (seen.size() == 1) {
                other.set("n", 100L);
            }
            return EntryChange.set((Long) current.value() + 1, null, null);
        });
        assertEquals(List.of(1L, 100L), seen, "the first change was refused: the row changed after it was read");
        assertEquals(101L, other.get("n"));
    }

    /** Another connection's commit of another key changes the version: the row is read again, found unchanged, and the change commits. */
    @Test
    void aDecisionOutsideTheTransactionCommitsOnceWhenOnlyAnotherKeyChanged() {
        shard.set("n", 1L);
        List<Object> seen = new ArrayList<>();
        shard.computeOutsideTransaction("n", current -> {
            seen.add(current.value());
            other.set("m", "other key " + seen.size());
            return EntryChange.set((Long) current.value() + 1, null, null);
        });
        assertEquals(List.of(1L), seen, "decided once");
        assertEquals(2L, other.get("n"));
        assertEquals("other key 1", other.get("m"));
    }
}
