package io.github.jdiskcache.store;

import static io.github.jdiskcache.store.ShardFiles.column;
import static io.github.jdiskcache.store.ShardFiles.execute;
import static io.github.jdiskcache.store.ShardFiles.valueFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.ManualClock;

class ShardTest {
    @TempDir
    Path directory;

    private final ManualClock clock = new ManualClock();
    private Shard shard;

    @BeforeEach
    void open() {
        shard = open(Settings.none());
    }

    @AfterEach
    void close() {
        shard.close();
    }

    private Shard open(Settings settings) {
        return Shard.open(directory, settings, StoreOptions.defaults().withClock(clock));
    }

    private void reopen(Settings settings) {
        shard.close();
        shard = open(settings);
    }

    @Test
    void storesNativeTypesRoundTrip() {
        shard.set("text", "value");
        shard.set(new byte[] {1, 2}, new byte[] {3, 4});
        shard.set(42L, 7L);
        shard.set(1.5d, 2.5d);
        assertEquals("value", shard.get("text"));
        assertArrayEquals(new byte[] {3, 4}, (byte[]) shard.get(new byte[] {1, 2}));
        assertEquals(7L, shard.get(42L));
        assertEquals(2.5d, shard.get(1.5d));
        assertNull(shard.get("missing"));
    }

    @Test
    void storesSerializableObjectsUnderTheirOwnMode() throws Exception {
        shard.set(List.of("a", 1), new ArrayList<>(List.of(1, 2, 3)));
        assertEquals(List.of(1, 2, 3), shard.get(List.of("a", 1)));
        assertEquals((long) ValueMode.SERIALIZED, column(directory, "mode", "Cache"));
        assertEquals(2L, column(directory, "raw", "Cache"), "Java-serialized keys use raw=2, which Python hands out as bytes");
    }

    @Test
    void keysThatJavaConsidersDifferentNeverOverwriteEachOther() {
        shard.set(1L, "long");
        shard.set(1.0d, "double");
        shard.set(1, "integer");
        shard.set("1", "string");
        shard.set(0.0d, "zero");
        shard.set(-0.0d, "negative zero");
        shard.set(Double.NaN, "nan");
        assertEquals("long", shard.get(1L));
        assertEquals("double", shard.get(1.0d));
        assertEquals("integer", shard.get(1));
        assertEquals("string", shard.get("1"));
        assertEquals("zero", shard.get(0.0d));
        assertEquals("negative zero", shard.get(-0.0d));
        assertEquals("nan", shard.get(Double.NaN));
        assertEquals(7, shard.size());
    }

    @Test
    void equalKeysFindTheSameRow() {
        shard.set(new Point(1, 2), "first");
        shard.set(new Point(1, 2), "second");
        assertEquals(1, shard.size());
        assertEquals("second", shard.get(new Point(1, 2)));
        shard.set(new byte[] {9}, "bytes");
        assertEquals("bytes", shard.get(new byte[] {9}));
    }

    record Point(int x, int y) implements java.io.Serializable {
    }

    @Test
    void stringsWithLoneSurrogatesKeepTheirIdentity() throws Exception {
        shard.set("\uD800", "lone high");
        shard.set("\uDC00", "lone low");
        shard.set("\uD800", "replaced");
        assertEquals("replaced", shard.get("\uD800"));
        assertEquals("lone low", shard.get("\uDC00"));
        shard.set("k", "\uD800x");
        assertEquals("\uD800x", shard.get("k"));
        // Stored as TEXT they would be invalid UTF-8, which Python's sqlite3 refuses to read: only the
        // well-formed key "k" and the well-formed values are TEXT.
        assertEquals(1L, column(directory, "count(*)", "Cache WHERE typeof(key) = 'text'"));
        assertEquals("blob", column(directory, "typeof(value)", "Cache WHERE key = 'k'"));
        assertEquals(2L, column(directory, "count(*)", "Cache WHERE typeof(value) = 'text'"));
    }

    @Test
    void nanAndNullValues() {
        shard.set("nan", Double.NaN);
        assertTrue(((Double) shard.get("nan")).isNaN());
        assertThrows(NullPointerException.class, () -> shard.set("k", null));
        assertThrows(NullPointerException.class, () -> shard.set(null, "v"));
        assertThrows(IllegalArgumentException.class, () -> shard.set("k", new Object()));
        assertEquals(1, shard.size());
    }

    @Test
    void largeValuesLiveInFilesAndAreRemovedOnOverwriteAndDelete() throws Exception {
        byte[] big = new byte[40_000];
        Arrays.fill(big, (byte) 7);
        String bigText = "é".repeat(40_000);
        shard.set("bin", big);
        shard.set("text", bigText);
        assertArrayEquals(big, (byte[]) shard.get("bin"));
        assertEquals(bigText, shard.get("text"));
        assertEquals(2, valueFiles(directory).size());
        assertEquals(40_000L + 80_000L, (Long) column(directory, "value", "Settings WHERE key = 'size'"));
        for (String name : valueFiles(directory)) {
            assertTrue(name.matches("[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{28}\\.val"), name);
        }
        shard.set("bin", "small now");
        assertEquals(1, valueFiles(directory).size());
        assertTrue(shard.delete("text"));
        assertEquals(0, valueFiles(directory).size());
        assertEquals(List.of(), shard.check(false));
    }

    @Test
    void fileBackedValuesStreamWithoutLoading() throws Exception {
        byte[] big = new byte[100_000];
        big[99_999] = 5;
        shard.set("big", big);
        try (InputStream in = shard.openStream("big")) {
            assertEquals(100_000, in.readAllBytes().length);
        }
        shard.setStream("streamed", new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), null, null);
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) shard.get("streamed"));
        assertEquals(2, valueFiles(directory).size());
        assertNull(shard.openStream("missing"));
    }

    @Test
    void vanishedValueFileIsAMissAndTheRowIsRemoved() throws Exception {
        shard.set("big", new byte[50_000]);
        shard.set("other", "kept");
        Files.delete(directory.resolve(valueFiles(directory).get(0)));
        assertNull(shard.get("big"));
        assertNull(shard.getEntry("big"));
        assertEquals(1, shard.size(), "the damaged row is gone");
        assertEquals(1, shard.damagedEntryCount());
        assertEquals("kept", shard.get("other"));
        assertEquals(List.of(), shard.check(false));
    }

    @Test
    void truncatedValueFileIsAMissNotAShortValue() throws Exception {
        shard.set("big", new byte[50_000]);
        Path file = directory.resolve(valueFiles(directory).get(0));
        Files.write(file, new byte[10]);
        assertNull(shard.get("big"), "a truncated file must never be returned as the value");
        assertEquals(0, shard.size());
        assertFalse(Files.exists(file), "the truncated file is removed with its row");
    }

    @Test
    void forgedValueFileNamesCannotReachOutsideTheShard() throws Exception {
        Path outside = directory.resolveSibling(directory.getFileName() + "-outside.val");
        Files.write(outside, new byte[] {1, 2, 3});
        shard.set("k", new byte[50_000]);
        execute(directory, "UPDATE Cache SET filename = '../" + outside.getFileName() + "', size = 3");
        assertNull(shard.get("k"), "a row naming a file outside the shard is damaged, not followed");
        shard.set("victim", "x");
        execute(directory, "UPDATE Cache SET filename = '../" + outside.getFileName() + "' WHERE key = 'victim'");
        shard.delete("victim");
        shard.clear();
        assertTrue(Files.exists(outside), "no operation deletes a file outside the shard");
        Files.delete(outside);
    }

    @Test
    void anObjectThatNoLongerDeserializesIsAMissKeptAndCounted() throws Exception {
        shard.set("evolved", new java.util.ArrayList<>(List.of(1, 2)));
        shard.set("fine", new java.util.ArrayList<>(List.of(3)));
        // Same mode, bytes the serializer cannot read: what a changed or removed class leaves behind.
        execute(directory, "UPDATE Cache SET value = x'aced0005737200106e6f2e737563682e436c617373' WHERE key = 'evolved'");
        assertNull(shard.get("evolved"));
        assertNull(shard.get("evolved"), "stays a miss, never a crash loop");
        assertEquals(0, shard.damagedEntryCount(), "a Java serialization stream may be readable elsewhere");
        assertEquals(2, shard.unreadableReadCount());
        assertEquals(List.of(3), shard.get("fine"));
        assertEquals(2, shard.size());
    }

    @Test
    void expiryUsesTheInjectedClock() {
        shard.set("k", "v", 10.0, null);
        assertTrue(shard.contains("k"));
        StoredEntry entry = shard.getEntry("k");
        assertEquals(clock.epochSeconds() + 10.0, entry.expireTime(), 1e-6);
        clock.advance(Duration.ofSeconds(11));
        assertNull(shard.get("k"));
        assertFalse(shard.contains("k"));
        assertEquals(1, shard.size(), "expired rows linger until culled, as in diskcache");
        assertEquals(1, shard.expire());
        assertEquals(0, shard.size());
    }

    @Test
    void decrIsAnIncrementByTheNegatedDelta() {
        assertEquals(-3, shard.decr("n", 3, 0L));
        assertEquals(-1, shard.incr("n", 2, 0L));
        assertThrows(ArithmeticException.class, () -> shard.decr("n", Long.MIN_VALUE, 0L));
        assertEquals(-1L, shard.get("n"));
    }

    @Test
    void statisticsCountHitsAndMisses() {
        assertEquals(new Stats(0, 0), shard.stats(true, false));
        shard.set("k", "v");
        shard.get("k");
        shard.get("k");
        shard.get("missing");
        assertEquals(new Stats(2, 1), shard.stats(true, true));
        assertEquals(new Stats(0, 0), shard.stats(false, false));
        shard.get("k");
        assertEquals(new Stats(0, 0), shard.stats());
    }

    @Test
    void tagsEvictAndIndex() throws Exception {
        shard.set("a", 1L, null, "red");
        shard.set("b", 2L, null, "red");
        shard.set("c", 3L, null, 5L);
        assertThrows(IllegalArgumentException.class, () -> shard.set("d", 1L, null, List.of()));
        shard.createTagIndex();
        assertEquals(1L, column(directory, "count(*)", "sqlite_master WHERE name = 'Cache_tag_rowid'"));
        assertEquals(2, shard.evict("red"));
        assertEquals(1, shard.size());
        assertEquals(1, shard.evict(5L));
        shard.dropTagIndex();
        assertEquals(0L, column(directory, "count(*)", "sqlite_master WHERE name = 'Cache_tag_rowid'"));
        reopen(Settings.builder().tagIndex(true).build());
        assertEquals(1L, column(directory, "count(*)", "sqlite_master WHERE name = 'Cache_tag_rowid'"));
    }

    @Test
    void settingsResetIsPersistedAndApplied() throws Exception {
        shard.reset(Settings.DISK_MIN_FILE_SIZE, 10L);
        shard.set("k", "a longer text value");
        assertEquals(1, valueFiles(directory).size());
        assertEquals("a longer text value", shard.get("k"));
        assertEquals(10L, column(directory, "value", "Settings WHERE key = 'disk_min_file_size'"));
        shard.reset(Settings.SQLITE_CACHE_SIZE, 100L);
        assertEquals(100L, shard.settings().longValue(Settings.SQLITE_CACHE_SIZE));
        assertEquals(10L, shard.setting(Settings.DISK_MIN_FILE_SIZE));
    }

    /**
     * Every write records its own times and tag, whichever statement it takes (insert, update with a
     * new expiry, update keeping it, an increment): a statement reused with one parameter left from
     * the write before would give this row that write's tag, and eviction by tag would take the
     * wrong entries.
     */
    @Test
    void eachWriteRecordsItsOwnTimesAndTag() throws Exception {
        double start = clock.epochSeconds();
        shard.set("a", "1", 100.0, "t1");
        shard.set("b", "1", 200.0, "t2");
        clock.advance(Duration.ofSeconds(7));
        shard.set("a", "2", 50.0, "t3"); // a new expiry
        assertRow("a", clock.epochSeconds(), clock.epochSeconds() + 50, "t3");
        clock.advance(Duration.ofSeconds(3));
        shard.set("b", "2", 190.0, "t4"); // start + 200 again: the same expiry
        assertRow("b", clock.epochSeconds(), start + 200, "t4");
        shard.set("a", "3", 47.0, null); // start + 57 again: the same expiry
        assertRow("a", clock.epochSeconds(), start + 57, null);
        assertEquals(0, shard.evict("t1"), "no row still carries the first write's tag");

        shard.incr("n", 1, 0L);
        clock.advance(Duration.ofSeconds(1));
        shard.incr("n", 1, 0L);
        assertEquals(clock.epochSeconds(), (Double) column(directory, "store_time", "Cache WHERE key = 'n'"), 1e-6);
    }

    private void assertRow(String key, double now, double expireTime, String tag) throws Exception {
        String row = "Cache WHERE key = '" + key + "'";
        assertEquals(now, (Double) column(directory, "store_time", row), 1e-6, key + " store_time");
        assertEquals(now, (Double) column(directory, "access_time", row), 1e-6, key + " access_time");
        assertEquals(expireTime, (Double) column(directory, "expire_time", row), 1e-6, key + " expire_time");
        assertEquals(tag, column(directory, "tag", row), key + " tag");
    }

    /**
     * Python keeps a value inline while {@code len(value) < disk_min_file_size}: bytes by their count,
     * text by its code points (a character outside the BMP is two UTF-16 units but one code point).
     */
    @Test
    void aValueGoesToAFileExactlyAtMinFileSizeCountedAsPythonCounts() throws Exception {
        shard.reset(Settings.DISK_MIN_FILE_SIZE, 16L);
        String face = "\uD83D\uDE00";
        Map<Object, Integer> filesAfter = new LinkedHashMap<>();
        filesAfter.put(new byte[15], 0);
        filesAfter.put(new byte[16], 1);
        filesAfter.put("a".repeat(15), 1);
        filesAfter.put("a".repeat(16), 2);
        filesAfter.put("a".repeat(14) + face, 2); // 16 UTF-16 units, 15 code points: inline
        filesAfter.put("a".repeat(15) + face, 3); // 16 code points: a file
        int key = 0;
        for (Map.Entry<Object, Integer> value : filesAfter.entrySet()) {
            shard.set("v" + key++, value.getKey());
            assertEquals(value.getValue(), valueFiles(directory).size(), "after " + key + " values");
        }
        assertArrayEquals(new byte[16], (byte[]) shard.get("v1"));
        assertEquals("a".repeat(14) + face, shard.get("v4"));
        assertEquals("a".repeat(15) + face, shard.get("v5"));
    }

    @Test
    void withRetryAWriteWaitsOutALongerLock() throws Exception {
        StoreOptions patient = StoreOptions.defaults().withClock(clock).withLockTimeout(Duration.ofMillis(50))
                .withRetry(true);
        try (Shard retrying = Shard.open(directory, Settings.none(), patient);
             Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cache.db"))) {
            blocker.createStatement().execute("BEGIN IMMEDIATE");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    blocker.createStatement().execute("ROLLBACK");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            retrying.set("k", "v");
            release.join();
            assertEquals("v", shard.get("k"), "the write went through after several timeouts of 50 ms");
        }
    }

    @Test
    void transactionsCommitOrRollBackAsAWhole() {
        shard.transact(() -> {
            shard.set("a", 1L);
            shard.set("b", 2L);
            assertEquals(1L, shard.get("a"), "reads inside a transaction see its writes");
            assertTrue(shard.inTransaction());
            return null;
        });
        assertEquals(2, shard.size());
        assertThrows(IllegalStateException.class, () -> shard.transact(() -> {
            shard.set("c", 3L);
            shard.set("big", new byte[40_000]);
            throw new IllegalStateException("abort");
        }));
        assertNull(shard.get("c"));
        assertEquals(0, valueFiles(directory).size(), "files written inside a rolled back transaction are removed");
        assertFalse(shard.inTransaction());
    }

    @Test
    void nestedTransactionsDeferFileDeletionToTheOutermostCommit() {
        shard.set("big", new byte[40_000]);
        assertThrows(IllegalStateException.class, () -> shard.transact(() -> {
            shard.transact(() -> {
                shard.set("big", "small");
                return null;
            });
            throw new IllegalStateException("abort outer");
        }));
        assertEquals(40_000, ((byte[]) shard.get("big")).length, "the old value file must survive the rollback");
        assertEquals(List.of(), shard.check(false));
    }

    @Test
    void lockTimeoutIsTypedAndWritesNothing() throws Exception {
        try (Shard other = Shard.open(directory, Settings.none(),
                StoreOptions.defaults().withLockTimeout(Duration.ofMillis(100)))) {
            try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cache.db"))) {
                blocker.createStatement().execute("BEGIN IMMEDIATE");
                long started = System.nanoTime();
                assertThrows(LockTimeoutException.class, () -> other.set("big", new byte[40_000]));
                assertTrue(System.nanoTime() - started >= 90_000_000L);
                assertEquals(0, valueFiles(directory).size());
                blocker.createStatement().execute("ROLLBACK");
            }
            other.set("k", "v");
            assertEquals("v", shard.get("k"));
        }
    }
}
