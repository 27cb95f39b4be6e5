package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.DirectorySnapshot;

/** {@link AccessMode#READ_ONLY}: a process that only looks reads everything and changes no file. */
class ReadOnlyAccessTest {
    @TempDir
    Path directory;

    private static final StoreOptions READ_ONLY = StoreOptions.defaults().withAccess(AccessMode.READ_ONLY);

    @Test
    void readsSeeALiveWritersCommitsAndChangeNoFile() {
        // LRU and statistics make ordinary reads write; read-only, they must not.
        Settings counting = Settings.builder().evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED).statistics(true).build();
        byte[] large = new byte[100_000];
        try (FanoutCache writer = FanoutCache.open(directory, 2, counting, StoreOptions.defaults())) {
            writer.set("text", "value");
            writer.set("large", large);
            writer.set(42L, "number");
            DirectorySnapshot before = DirectorySnapshot.of(directory);
            try (FanoutCache reader = FanoutCache.open(directory, null, Settings.none(), READ_ONLY)) {
                assertTrue(reader.shards().stream().allMatch(Shard::isReadOnly));
                assertEquals("value", reader.get("text"));
                assertArrayEquals(large, (byte[]) reader.get("large"));
                assertEquals("number", reader.use(42L).value());
                assertEquals("value", reader.getEntry("text").value());
                assertEquals("value", reader.shardFor("text").lookup("text").value());
                assertTrue(reader.contains("text"));
                assertNull(reader.get("absent"));
                assertEquals(3, reader.size());
                assertEquals(Set.of("large", "text", 42L), Set.copyOf(keys(reader.liveKeys())));
                assertEquals(new Stats(0, 0), reader.stats());
                assertThrows(ReadOnlyCacheException.class, () -> reader.set("text", "changed"));
                assertThrows(ReadOnlyCacheException.class, () -> reader.delete("text"));
                assertThrows(ReadOnlyCacheException.class, reader::clear);
                assertThrows(ReadOnlyCacheException.class, () -> reader.stats(true, true));

                DirectorySnapshot.of(directory).assertUnchangedSince(before);
                writer.set("later", "seen");
                assertEquals("seen", reader.get("later"), "a commit after the reader opened is seen");
            }
            assertEquals("value", writer.get("text"));
        }
    }

    @Test
    void openingAMissingCacheReadOnlyCreatesNothing() {
        Path missing = directory.resolve("missing");
        assertThrows(ReadOnlyCacheException.class, () -> FanoutCache.open(missing, null, Settings.none(), READ_ONLY));
        assertFalse(Files.exists(missing));
    }

    @Test
    void openingReadOnlyWritesNoLayoutOrLockFile() throws Exception {
        // What Python leaves: shards with databases, no fanout.properties, no lock files.
        for (int i = 0; i < 2; i++) {
            Path shard = directory.resolve(String.format("%03d", i));
            Shard.open(shard).close();
            Files.delete(shard.resolve(Shard.INIT_LOCK_FILE));
        }
        DirectorySnapshot before = DirectorySnapshot.of(directory);
        try (FanoutCache reader = FanoutCache.open(directory, null, Settings.none(), READ_ONLY)) {
            assertEquals(2, reader.shardCount());
            assertEquals(0, reader.size());
        }
        DirectorySnapshot.of(directory).assertUnchangedSince(before);
    }

    /** Read-only, a shard opens at its first use: a command-line get pays for two shards, not all. */
    @Test
    void aReadOnlyCacheOpensEachShardAtItsFirstUse() {
        try (FanoutCache writer = FanoutCache.open(directory, 8, Settings.none(), StoreOptions.defaults())) {
            for (int i = 0; i < 100; i++) {
                writer.set("k" + i, "v" + i);
            }
        }
        try (FanoutCache reader = FanoutCache.open(directory, null, Settings.none(), READ_ONLY)) {
            assertEquals(1, reader.openShardCount(), "shard 000 only");
            assertEquals("v7", reader.get("k7"));
            assertTrue(reader.openShardCount() <= 2, reader.openShardCount() + " shards open after one get");
            for (int i = 0; i < 100; i++) {
                assertEquals("v" + i, reader.get("k" + i));
            }
            assertEquals(8, reader.openShardCount());
        }
    }

    private static List<Object> keys(Iterator<Object> iterator) {
        List<Object> keys = new ArrayList<>();
        iterator.forEachRemaining(keys::add);
        return keys;
    }
}
