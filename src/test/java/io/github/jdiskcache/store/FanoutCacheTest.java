package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.jdiskcache.testing.ManualClock;

class FanoutCacheTest {
    @TempDir
    Path directory;

    private final ManualClock clock = new ManualClock();

    private FanoutCache open(Integer shards, Settings settings) {
        return FanoutCache.open(directory, shards, settings, StoreOptions.defaults().withClock(clock));
    }

    /** Reopened without settings of its own, a cache opens a shard at its first use: a get pays for one or two of eight. */
    @Test
    void aReopenWithoutSettingsOpensEachShardAtItsFirstUse() {
        try (FanoutCache cache = open(8, Settings.none())) {
            assertEquals(8, cache.openShardCount(), "a new cache creates every shard");
            cache.set("k", "v");
        }
        try (FanoutCache cache = open(null, Settings.none())) {
            assertEquals(0, cache.evictionCount() + cache.damagedEntryCount() + cache.unreadableReadCount());
            assertEquals(1, cache.openShardCount(), "shard 000 only, counts of this process included");
            assertEquals("v", cache.get("k"));
            cache.set("k7", "v7");
            assertEquals("v7", cache.get("k7"));
            assertTrue(cache.openShardCount() <= 3, cache.openShardCount() + " shards open after two keys");
            assertEquals(8, cache.shards().size());
            assertEquals(8, cache.openShardCount());
        }
    }

    /** An open that brings settings persists them into every shard at once, not at each shard's first use. */
    @Test
    void aReopenWithSettingsPersistsThemIntoEveryShardAtOnce() {
        try (FanoutCache cache = open(8, Settings.none())) {
            assertEquals(EvictionPolicy.LEAST_RECENTLY_STORED, cache.shards().get(5).settings().evictionPolicy());
        }
        try (FanoutCache cache = open(null, Settings.builder().evictionPolicy(EvictionPolicy.LEAST_FREQUENTLY_USED).build())) {
            assertEquals(8, cache.openShardCount());
            try (FanoutCache other = open(null, Settings.none())) {
                for (Shard shard : other.shards()) {
                    assertEquals(EvictionPolicy.LEAST_FREQUENTLY_USED, shard.settings().evictionPolicy(), shard.directory().toString());
                }
            }
        }
    }

    /** An open that finds a shard missing creates it at once, as Python's diskcache does. */
    @Test
    void aReopenOfACacheMissingAShardOpensEveryShard() throws Exception {
        try (FanoutCache cache = open(4, Settings.none())) {
            cache.set("k", "v");
        }
        Path third = directory.resolve(FanoutLayout.shardName(3));
        try (var files = Files.list(third)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(third);
        try (FanoutCache cache = open(null, Settings.none())) {
            assertEquals(4, cache.openShardCount());
            assertTrue(Files.isRegularFile(third.resolve(Shard.DATABASE_FILE)));
        }
    }

    /**
     * A shard opened at its first use that is damaged fails there as it would at the open: its keys
     * fail, the others work, check names it. Read-only or not.
     */
    @ParameterizedTest
    @EnumSource(value = AccessMode.class, names = {"READ_ONLY", "READ_WRITE"})
    void aDamagedShardFailsAtItsFirstUseOnly(AccessMode access) throws Exception {
        try (FanoutCache writer = FanoutCache.open(directory, 2, Settings.none(), StoreOptions.defaults())) {
            for (int i = 0; i < 20; i++) {
                writer.set("k" + i, "v" + i);
            }
            writer.shards().get(1).close();
        }
        Files.write(directory.resolve("001").resolve(Shard.DATABASE_FILE), new byte[4096]);
        Files.deleteIfExists(directory.resolve("001").resolve(Shard.DATABASE_FILE + "-wal"));
        Files.deleteIfExists(directory.resolve("001").resolve(Shard.DATABASE_FILE + "-shm"));
        try (FanoutCache reader = FanoutCache.open(directory, null, Settings.none(), StoreOptions.defaults().withAccess(access))) {
            int working = 0;
            int broken = 0;
            for (int i = 0; i < 20; i++) {
                String key = "k" + i;
                try {
                    assertEquals("v" + i, reader.get(key));
                    working++;
                } catch (BrokenShardException e) {
                    assertTrue(e.getMessage().contains("shard 001"), e.getMessage());
                    broken++;
                }
            }
            assertTrue(working > 0 && broken > 0, working + " keys read, " + broken + " failed");
            assertTrue(reader.check(false).stream().anyMatch(warning -> warning.startsWith("shard 001 cannot be opened")));
        }
        try (FanoutCache reader = FanoutCache.open(directory, null, Settings.none(), StoreOptions.defaults().withAccess(access))) {
            reader.close();
            assertThrows(BrokenShardException.class, () -> reader.get("k1"), "closed: no shard opens any more");
        }
    }

    /**
     * The FanoutCache encodes a key to choose its shard and hands the shard the encoded key: every
     * operation serializes an object key exactly once (streams included, which used to encode twice).
     */
    @Test
    void eachOperationEncodesItsKeyOnce() throws Exception {
        CountingSerializer serializer = new CountingSerializer();
        try (FanoutCache cache = FanoutCache.open(directory, 4, Settings.none(),
                StoreOptions.defaults().withClock(clock).withSerializer(serializer))) {
            List<Object> key = List.of("an", "object", "key");
            List<Runnable> operations = List.of(
                    () -> cache.set(key, "value"),
                    () -> cache.set(key, "value", 60.0, "tag"),
                    () -> cache.add(key, "value"),
                    () -> cache.get(key),
                    () -> cache.getEntry(key),
                    () -> cache.use(key),
                    () -> cache.contains(key),
                    () -> cache.touch(key, 60.0),
                    () -> cache.touchAt(key, null),
                    () -> cache.compute(key, current -> EntryChange.keep()),
                    () -> cache.setStream(key, new java.io.ByteArrayInputStream(new byte[10]), null, null),
                    () -> closeQuietly(cache.openStream(key)),
                    () -> cache.pop(key),
                    () -> cache.incr(key, 1, 0L),
                    () -> cache.decr(key, 1, 0L),
                    () -> cache.delete(key));
            for (int i = 0; i < operations.size(); i++) {
                int before = serializer.serialized;
                operations.get(i).run();
                assertEquals(1, serializer.serialized - before, "keys serialized by operation " + i);
            }
        }
    }

    private static void closeQuietly(java.io.InputStream stream) {
        try {
            stream.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Counts serializations; the values used with it are native, so only keys are counted. */
    private static final class CountingSerializer implements Serializer {
        private final JavaSerializer delegate = new JavaSerializer();
        int serialized;

        @Override
        public byte[] serialize(Object object) {
            serialized++;
            return delegate.serialize(object);
        }

        @Override
        public Object deserialize(byte[] bytes) {
            return delegate.deserialize(bytes);
        }
    }

    @Test
    void routesKeysToTheShardPythonChooses() {
        // Shard indexes Python's diskcache 5.4 computes for these keys with 8 shards.
        try (FanoutCache cache = open(8, Settings.none())) {
            assertEquals("002", shardOf(cache, "key"));
            assertEquals("005", shardOf(cache, "hello"));
            assertEquals("000", shardOf(cache, "bytes".getBytes()));
            assertEquals("001", shardOf(cache, 12345L));
            assertEquals("000", shardOf(cache, -7L));
            assertEquals("000", shardOf(cache, 1.5d));
        }
        assertEquals(42402122L, ShardHash.of(new DbKey("key", 1, "key")));
        assertEquals(4294967288L, ShardHash.of(new DbKey(-7L, 1, -7L)));
        assertEquals(147325240L, ShardHash.of(new DbKey(1.5d, 1, 1.5d)));
    }

    private static String shardOf(FanoutCache cache, Object key) {
        return cache.shardFor(key).directory().getFileName().toString();
    }

    @Test
    void createsShardDirectoriesAndSpreadsKeys() {
        try (FanoutCache cache = open(4, Settings.none())) {
            for (long i = 0; i < 200; i++) {
                cache.set("key:" + i, i);
            }
            Set<Path> used = new HashSet<>();
            for (long i = 0; i < 200; i++) {
                assertEquals(i, cache.get("key:" + i));
                used.add(cache.shardFor("key:" + i).directory());
            }
            assertEquals(4, used.size());
            assertEquals(200, cache.size());
            for (String name : List.of("000", "001", "002", "003")) {
                assertTrue(Files.exists(directory.resolve(name).resolve("cache.db")), name);
            }
            assertFalse(Files.exists(directory.resolve("004")));
        }
    }

    @Test
    void persistsTheShardCountAndRefusesAnother() {
        try (FanoutCache cache = open(4, Settings.none())) {
            cache.set("k", "v");
        }
        try (FanoutCache cache = open(null, Settings.none())) {
            assertEquals(4, cache.shardCount());
            assertEquals("v", cache.get("k"));
        }
        IncompatibleLayoutException wrong = assertThrows(IncompatibleLayoutException.class,
                () -> open(8, Settings.none()));
        assertTrue(wrong.getMessage().contains("4 shards"), wrong.getMessage());
    }

    @Test
    void infersTheShardCountOfADirectoryWithoutLayoutFile() throws Exception {
        try (FanoutCache cache = open(3, Settings.none())) {
            cache.set("k", "v");
        }
        Files.delete(directory.resolve(FanoutLayout.FILE)); // as Python leaves it
        assertThrows(IncompatibleLayoutException.class, () -> open(8, Settings.none()));
        try (FanoutCache cache = open(null, Settings.none())) {
            assertEquals(3, cache.shardCount());
            assertEquals("v", cache.get("k"));
            assertEquals((1L << 30) / 3 * 3, cache.sizeLimit(), "adopts the per-shard limits the shards persisted");
        }
    }

    @Test
    void sizeLimitIsTotalPersistedAndSplitAcrossShards() {
        try (FanoutCache cache = open(4, Settings.builder().sizeLimit(4_000_000).build())) {
            assertEquals(4_000_000, cache.sizeLimit());
            for (Shard shard : cache.shards()) {
                assertEquals(1_000_000, shard.settings().sizeLimit());
            }
        }
        try (FanoutCache cache = open(null, Settings.none())) {
            assertEquals(4_000_000, cache.sizeLimit(), "a reopen without a limit keeps the configured one");
            assertEquals(1_000_000, cache.shards().get(3).settings().sizeLimit());
        }
        try (FanoutCache cache = open(null, Settings.builder().sizeLimit(8_000_000).build())) {
            assertEquals(2_000_000, cache.shards().get(0).settings().sizeLimit());
        }
    }

    @Test
    void defaultsAreDiskcaches() {
        try (FanoutCache cache = open(null, Settings.none())) {
            assertEquals(8, cache.shardCount());
            assertEquals(1L << 30, cache.sizeLimit());
            Settings shard = cache.shards().get(0).settings();
            assertEquals(10, shard.cullLimit());
            assertEquals(EvictionPolicy.LEAST_RECENTLY_STORED, shard.evictionPolicy());
            assertEquals((1L << 30) / 8, shard.sizeLimit());
        }
    }

    @Test
    void aggregatesOverShards() {
        try (FanoutCache cache = open(4, Settings.builder().tagIndex(true).build())) {
            for (long i = 0; i < 40; i++) {
                cache.set(i, i, i < 10 ? 1.0 : null, i % 2 == 0 ? "even" : "odd");
            }
            assertTrue(cache.volume() > 0);
            clock.advance(Duration.ofSeconds(2));
            assertEquals(40, cache.size());
            assertEquals(30, count(cache.liveKeys()));
            assertEquals(10, cache.expire());
            assertEquals(15, cache.evict("even"));
            assertEquals(15, cache.size());
            assertEquals(new Stats(0, 0), cache.stats(true, false));
            cache.get(11L);
            cache.get(-1L);
            assertEquals(new Stats(1, 1), cache.stats());
            assertEquals(List.of(), cache.check(false));
            assertEquals(15, cache.clear());
            assertEquals(0, cache.size());
        }
    }

    @Test
    void singleKeyOperationsDelegateToTheKeysShard() {
        try (FanoutCache cache = open(4, Settings.none())) {
            assertTrue(cache.add("a", "1"));
            assertFalse(cache.add("a", "2"));
            assertTrue(cache.contains("a"));
            assertTrue(cache.touch("a", 5.0));
            assertEquals("1", cache.pop("a").value());
            assertNull(cache.get("a"));
            assertEquals(3, cache.incr("n", 3, 0L));
            assertEquals(1, cache.decr("n", 2, 0L));
            assertTrue(cache.delete("n"));
            cache.set("k", "v", null, "tag");
            assertEquals("tag", cache.getEntry("k").tag());
            Long result = cache.transact("k", () -> {
                cache.set("k", "w");
                return cache.incr("k2", 1, 0L);
            });
            assertEquals(1L, result);
        }
    }

    @Test
    void cullEnforcesTheLimitOnEveryShard() {
        try (FanoutCache cache = open(2, Settings.builder().sizeLimit(400_000).cullLimit(0).build())) {
            for (int i = 0; i < 20; i++) {
                cache.set("k" + i, new byte[40_000]);
            }
            assertEquals(20, cache.size());
            assertTrue(cache.cull() > 0);
            for (Shard shard : cache.shards()) {
                assertTrue(shard.volume() <= 200_000, "shard volume " + shard.volume());
            }
            assertTrue(cache.evictionCount() > 0);
        }
    }

    private static int count(java.util.Iterator<Object> iterator) {
        List<Object> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list.size();
    }
}
