package io.github.jdiskcache.store;

import static io.github.jdiskcache.store.ShardFiles.column;
import static io.github.jdiskcache.store.ShardFiles.execute;
import static io.github.jdiskcache.store.ShardFiles.valueFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryOperationsTest {
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

    private void set(Object key, Object value) {
        entries.set(key, value, null, null);
    }

    private void expireAll() {
        parts.clock.advance(Duration.ofSeconds(2));
    }

    private Row row(Object key) {
        return parts.entryRow(parts.disk.encodeKey(key));
    }

    /** Runs {@code work} on another thread and waits for it: it would time out if this thread held the shard's lock. */
    private static void onAnotherThread(Runnable work) {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            other.submit(work).get(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aDecisionOutsideTheTransactionDecidesAgainOnWhatAnotherWriterStoredMeanwhile() {
        set("n", 1L);
        List<Object> seen = new ArrayList<>();
        entries.computeOutsideTransaction("n", current -> {
            seen.add(current.value());
            if (seen.size() == 1) {
                onAnotherThread(() -> set("n", 100L));
            }
            return EntryChange.set((Long) current.value() + 1, current.expireTime(), current.tag());
        });
        assertEquals(List.of(1L, 100L), seen, "the first change was refused: the row changed after it was read");
        assertEquals(101L, entries.get("n"));
    }

    /** A value file replaced (and so deleted) while a decision reads it is not damage: the decision runs again. */
    @Test
    void aValueFileReplacedDuringADecisionIsReadAgainNotRemovedAsDamage() {
        byte[] first = new byte[1_000];
        byte[] second = new byte[2_000];
        set("big", first);
        List<Integer> lengths = new ArrayList<>();
        entries.computeOutsideTransaction("big", current -> {
            if (lengths.isEmpty()) {
                onAnotherThread(() -> set("big", second));
            }
            Object value = current.value();
            lengths.add(value == null ? -1 : ((byte[]) value).length);
            return EntryChange.expireAt(Double.POSITIVE_INFINITY);
        });
        assertEquals(2_000, lengths.get(lengths.size() - 1), "decided last on the replacing value: " + lengths);
        assertEquals(2_000, ((byte[]) entries.get("big")).length, "the replacing value is kept");
        assertEquals(0, parts.rows.damagedEntryCount(), "nothing was counted as damaged");
    }

    @Test
    void aDecisionThatChangesNothingTakesNoWriteLock() throws Exception {
        set("k", "v");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<?> held = holder.submit(() -> parts.transactions.write(null, transaction -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            holding.await();
            List<Object> seen = new ArrayList<>();
            entries.computeOutsideTransaction("k", current -> {
                seen.add(current.value());
                return EntryChange.keep();
            });
            assertEquals(List.of("v"), seen);
            release.countDown();
            held.get();
        } finally {
            release.countDown();
            holder.shutdownNow();
        }
    }

    @Test
    void ofConcurrentAddsOfOneKeyExactlyOneWinsAndTheLosersFilesAreRemoved() throws Exception {
        int contenders = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<Boolean>> adds = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                byte[] value = new byte[1_000 + i];
                adds.add(threads.submit(() -> {
                    start.await();
                    return entries.add("k", value, null, null);
                }));
            }
            start.countDown();
            int winner = -1;
            for (int i = 0; i < contenders; i++) {
                if (adds.get(i).get()) {
                    assertEquals(-1, winner, "two adds won");
                    winner = i;
                }
            }
            assertTrue(winner >= 0, "no add won");
            assertEquals(1_000 + winner, ((byte[]) entries.get("k")).length);
            assertEquals(1, valueFiles(directory).size(), "each losing add removes the file it wrote");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void incrOfAnExpiredCounterWithoutADefaultFailsAndChangesNothing() {
        entries.set("n", 100L, 1.0, "t");
        expireAll();
        assertThrows(NoSuchElementException.class, () -> entries.incr("n", 1, null));
        assertEquals(100L, parts.rows.anyEntry(parts.disk.encodeKey("n")).value());
        assertThrows(ArithmeticException.class, () -> entries.incr("fresh", 1, Long.MAX_VALUE));
        assertNull(row("fresh"), "an overflowing default writes no row");
        assertEquals(-5, entries.incr("down", -5, 0L));
        assertNull(entries.getEntry("down").expireTime(), "a counter started from the default never expires");
    }

    @Test
    void incrRefusesAValueThatIsNoIntegerWhereverItIsStored() {
        set("file", new byte[1_000]);
        set("object", new ArrayList<>(List.of(1)));
        set("real", 1.5d);
        for (String key : List.of("file", "object", "real")) {
            assertThrows(IllegalStateException.class, () -> entries.incr(key, 1, 0L), key);
        }
        assertEquals(1.5d, entries.get("real"));
    }

    @Test
    void popOfWhatThisProcessCannotReadIsAMissThatLeavesTheRowButADamagedRowGoes() throws Exception {
        set("evolved", "x");
        execute(directory, "UPDATE Cache SET mode = " + ValueMode.SERIALIZED
                + ", value = x'aced0005737200106e6f2e737563682e436c617373' WHERE key = 'evolved'");
        assertNull(entries.pop("evolved"));
        assertNotNull(row("evolved"), "another reader may read it");

        set("damaged", new byte[1_000]);
        Files.delete(directory.resolve(row("damaged").filename()));
        assertNull(entries.pop("damaged"));
        assertNull(row("damaged"));

        entries.set("expired", "v", 1.0, null);
        expireAll();
        assertNull(entries.pop("expired"));
    }

    @Test
    void deleteOfAnExpiredRowRemovesItAndItsFileButReportsNoDeletion() {
        entries.set("e", new byte[1_000], 1.0, null);
        Path file = directory.resolve(row("e").filename());
        expireAll();
        assertFalse(entries.delete("e"));
        assertNull(row("e"));
        assertFalse(Files.exists(file));
    }

    // Moved from ShardTest.

    @Test
    void addOnlyStoresWhenAbsentOrExpired() {
        assertTrue(entries.add("k", "first", null, null));
        assertFalse(entries.add("k", "second", null, null));
        assertEquals("first", entries.get("k"));
        entries.set("e", "old", 1.0, null);
        parts.clock.advance(Duration.ofSeconds(2));
        assertTrue(entries.add("e", "new", null, null));
        assertEquals("new", entries.get("e"));
        assertFalse(entries.add("big", new byte[40_000], null, null) && entries.add("big", new byte[40_000], null, null));
        assertEquals(1, valueFiles(directory).size(), "the losing add's file is removed");
    }

    @Test
    void touchChangesOnlyTheExpiry() {
        entries.set("k", "v", 5.0, "tag");
        assertTrue(entries.touch("k", null));
        parts.clock.advance(Duration.ofSeconds(10));
        assertEquals("v", entries.get("k"));
        assertTrue(entries.touch("k", 1.0));
        parts.clock.advance(Duration.ofSeconds(2));
        assertFalse(entries.touch("k", 100.0));
        assertFalse(entries.touch("missing", 1.0));
    }

    @Test
    void popReturnsAndRemoves() {
        entries.set("k", "v", 30.0, "t");
        StoredEntry popped = entries.pop("k");
        assertEquals("v", popped.value());
        assertEquals("t", popped.tag());
        assertNull(entries.pop("k"));
        set("big", new byte[40_000]);
        assertEquals(40_000, ((byte[]) entries.pop("big").value()).length);
        assertEquals(0, valueFiles(directory).size());
    }

    @Test
    void deleteReportsLiveEntriesOnlyButRemovesExpiredRows() {
        assertFalse(entries.delete("missing"));
        set("k", "v");
        assertTrue(entries.delete("k"));
        entries.set("e", "v", 1.0, null);
        parts.clock.advance(Duration.ofSeconds(2));
        assertFalse(entries.delete("e"));
        assertEquals(0, parts.size());
    }

    @Test
    void incrAndDecr() {
        assertEquals(1, entries.incr("n", 1, 0L));
        assertEquals(11, entries.incr("n", 10, 0L));
        assertEquals(8, entries.incr("n", -3, 0L));
        assertEquals(8L, entries.get("n"));
        assertThrows(NoSuchElementException.class, () -> entries.incr("missing", 1, null));
        set("text", "x");
        assertThrows(IllegalStateException.class, () -> entries.incr("text", 1, 0L));
        set("max", Long.MAX_VALUE);
        assertThrows(ArithmeticException.class, () -> entries.incr("max", 1, 0L));
        assertEquals(Long.MAX_VALUE, entries.get("max"));
        entries.set("e", 100L, 1.0, null);
        parts.clock.advance(Duration.ofSeconds(2));
        assertEquals(5, entries.incr("e", 5, 0L), "an expired counter starts again from the default");
    }

    @Test
    void incrKeepsExpiryAndTag() {
        entries.set("n", 1L, 100.0, "t");
        entries.incr("n", 1, 0L);
        StoredEntry entry = entries.getEntry("n");
        assertEquals(2L, entry.value());
        assertEquals("t", entry.tag());
        assertNotNull(entry.expireTime());
    }

    @Test
    void useRecordsTheReadButLookupDoesNot() throws Exception {
        reopen(ShardParts.settings().evictionPolicy(EvictionPolicy.LEAST_FREQUENTLY_USED));
        set("k", "v");
        entries.lookup("k");
        assertEquals(0L, accessCount());
        entries.use("k");
        entries.use("k");
        assertEquals(2L, accessCount());
    }

    private Object accessCount() throws Exception {
        return column(directory, "access_count", "Cache WHERE key = 'k'");
    }

    @Test
    void entryLargerThanTheLimitIsRefusedLoudly() {
        reopen(ShardParts.settings().sizeLimit(10_000));
        set("keep", "small");
        EntryTooLargeException refused = assertThrows(EntryTooLargeException.class,
                () -> set("big", new byte[20_000]));
        assertTrue(refused.getMessage().contains("size limit"), refused.getMessage());
        assertEquals("small", entries.get("keep"));
        assertEquals(0, valueFiles(directory).size());
    }

    /** The limit bounds key and value together, and an entry of exactly the limit fits. */
    @Test
    void anEntryOfExactlyTheLimitFitsAndItsKeyCounts() {
        reopen(ShardParts.settings().sizeLimit(100_000));
        set("k", new byte[99_999]); // 1 + 99,999 bytes
        assertThrows(EntryTooLargeException.class, () -> set("kk", new byte[99_999]));
        assertThrows(EntryTooLargeException.class,
                () -> entries.setStream("s", new ByteArrayInputStream(new byte[100_000]), null, null));
        assertEquals(1, valueFiles(directory).size(), "a refused entry leaves no value file");
        assertArrayEquals(new byte[99_999], (byte[]) entries.get("k"));
        assertNull(entries.get("kk"));
        assertNull(entries.get("s"));
    }

    /** Tags are what Python can index and compare: String, byte[], Long, Double; any other is refused before a write. */
    @Test
    void aTagOfAnotherTypeIsRefusedByEveryWrite() {
        Object tag = List.of("not", "a", "tag");
        ByteArrayInputStream stream = new ByteArrayInputStream(new byte[] {1});
        List<IllegalArgumentException> refusals = List.of(
                assertThrows(IllegalArgumentException.class, () -> entries.set("k", "v", null, tag)),
                assertThrows(IllegalArgumentException.class, () -> entries.add("k", "v", null, tag)),
                assertThrows(IllegalArgumentException.class, () -> entries.setStream("k", stream, null, tag)),
                assertThrows(IllegalArgumentException.class,
                        () -> entries.compute("k", current -> EntryChange.set("v", null, tag))));
        for (IllegalArgumentException refused : refusals) {
            assertTrue(refused.getMessage().contains("a tag must be a String, byte[], Long or Double"),
                    refused.getMessage());
        }
        assertEquals(1, stream.available(), "refused before the stream was read");
        assertNull(entries.get("k"));
        for (Object accepted : List.of("t", new byte[] {1}, 1L, 1.5)) {
            entries.set("k", "v", null, accepted);
        }
    }
}
