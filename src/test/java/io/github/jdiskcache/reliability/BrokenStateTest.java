package io.github.jdiskcache.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.cli.Main;
import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.BrokenShardException;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.StoreOptions;

/** A damaged shard costs its own entries, never the rest of the cache, and a documented repair restores it. */
class BrokenStateTest {
    @TempDir
    Path directory;

    @Test
    void aCorruptShardFailsItsKeysClearlyWhileTheOthersKeepWorking() throws Exception {
        List<String> keys = fill(directory, 200);
        Path shard3 = directory.resolve("003/cache.db");
        overwriteWithGarbage(shard3);

        try (FanoutCache cache = FanoutCache.open(directory)) {
            int served = 0;
            int refused = 0;
            for (String key : keys) {
                try {
                    assertEquals("value-" + key, cache.get(key));
                    served++;
                } catch (BrokenShardException e) {
                    assertTrue(e.getMessage().contains("003"), e.getMessage());
                    assertTrue(e.getMessage().contains("--fix"), "the message names the repair: " + e.getMessage());
                    refused++;
                }
            }
            assertTrue(refused > 0 && served > 0, "served " + served + ", refused " + refused);
            assertEquals(keys.size(), served + refused);
            List<String> warnings = cache.check(false);
            assertTrue(warnings.stream().anyMatch(warning -> warning.contains("003")), warnings.toString());
        }

        // The documented repair path: the CLI's check --fix.
        int exit = Main.run(new String[] {"check", directory.toString(), "--fix"}, System.out, System.err);
        assertEquals(1, exit, "problems were found (and fixed)");
        try (FanoutCache cache = FanoutCache.open(directory)) {
            assertEquals(List.of(), cache.check(false), "the repaired cache is clean");
            for (String key : keys) {
                cache.set(key, "again");
                assertEquals("again", cache.get(key));
            }
        }
        try (var files = Files.list(directory.resolve("003"))) {
            assertTrue(files.anyMatch(file -> file.getFileName().toString().startsWith("cache.db.corrupt-")),
                    "the damaged database is kept aside for forensics");
        }
    }

    @Test
    void aTruncatedShardIsReportedAndRepaired() throws Exception {
        List<String> keys = fill(directory, 2000);
        Path shard = directory.resolve("005/cache.db");
        try (RandomAccessFile file = new RandomAccessFile(shard.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        try (FanoutCache cache = FanoutCache.open(directory)) {
            List<String> warnings = cache.check(false);
            assertTrue(warnings.stream().anyMatch(warning -> warning.contains("005")), warnings.toString());
            cache.check(true);
            assertEquals(List.of(), cache.check(false));
            long readable = keys.stream().filter(key -> "value-" .concat(key).equals(cache.get(key))).count();
            assertTrue(readable > 0 && readable < keys.size(), "only the truncated shard's entries are lost: " + readable);
        }
    }

    @Test
    void throughJCacheABrokenShardIsACacheExceptionNamingTheFile() throws Exception {
        DiskCachingProvider provider = new DiskCachingProvider();
        List<String> keys = new ArrayList<>();
        try (CacheManager manager = provider.getCacheManager(directory.toUri(), getClass().getClassLoader())) {
            Cache<String, String> cache = manager.createCache("c", new DiskCacheConfiguration<String, String>()
                    .setTypes(String.class, String.class).setShards(4));
            for (int i = 0; i < 100; i++) {
                cache.put("k" + i, "v" + i);
                keys.add("k" + i);
            }
        }
        overwriteWithGarbage(directory.resolve("c/001/cache.db"));
        try (CacheManager manager = provider.getCacheManager(directory.toUri(), getClass().getClassLoader())) {
            Cache<String, String> cache = manager.getCache("c", String.class, String.class);
            int ok = 0;
            for (String key : keys) {
                try {
                    assertEquals("v" + key.substring(1), cache.get(key));
                    ok++;
                } catch (CacheException e) {
                    assertTrue(e.getMessage().contains("001"), e.getMessage());
                }
            }
            assertTrue(ok > 50 && ok < 100, "three of four shards keep serving: " + ok);
        }
    }

    @Test
    void aCorruptPageFailsOnlyItsOwnKeysAndNamesTheRepair() throws Exception {
        Path shardDirectory = directory.resolve("shard");
        List<String> keys = new ArrayList<>();
        try (Shard shard = Shard.open(shardDirectory)) {
            for (int i = 0; i < 2000; i++) {
                String key = String.format("key-%05d", i);
                shard.set(key, valueOf(key));
                keys.add(key);
            }
        }
        // Closing the last connection checkpointed the WAL: every row now lives in cache.db itself.
        Path database = shardDirectory.resolve(Shard.DATABASE_FILE);
        assertTrue(Files.notExists(shardDirectory.resolve("cache.db-wal")));
        List<String> onBadPage = corruptTheTablePageHolding(database, valueOf(keys.get(1000)), keys);
        assertTrue(onBadPage.contains(keys.get(1000)) && onBadPage.size() < 100, onBadPage.toString());

        try (Shard shard = Shard.open(shardDirectory, Settings.none(), StoreOptions.defaults().withMaxConnections(1))) {
            for (int round = 0; round < 2; round++) {
                for (String key : onBadPage) {
                    BrokenShardException corrupt = assertThrows(BrokenShardException.class, () -> shard.get(key));
                    assertTrue(corrupt.getMessage().contains("corrupt"), corrupt.getMessage());
                    assertTrue(corrupt.getMessage().contains("check") && corrupt.getMessage().contains("--fix"),
                            "the message names the repair: " + corrupt.getMessage());
                }
                for (String key : keys) {
                    if (!onBadPage.contains(key)) {
                        assertEquals(valueOf(key), shard.get(key), "a key on a healthy page still reads");
                    }
                }
            }
        }
    }

    private static String valueOf(String key) {
        return "value-of-" + key + "-" + "x".repeat(100);
    }

    /**
     * Overwrites the b-tree page header of the table page that holds {@code value}, so that SQLite
     * reports SQLITE_CORRUPT for the rows on it; returns the keys whose rows live on that page.
     */
    private static List<String> corruptTheTablePageHolding(Path database, String value, List<String> keys)
            throws Exception {
        byte[] bytes = Files.readAllBytes(database);
        int pageSize = ((bytes[16] & 0xFF) << 8) | (bytes[17] & 0xFF);
        int offset = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf(value);
        assertTrue(offset > 0, "the value is in the database file");
        int pageStart = offset / pageSize * pageSize;
        String page = new String(bytes, pageStart, pageSize, java.nio.charset.StandardCharsets.ISO_8859_1);
        List<String> onPage = keys.stream().filter(key -> page.contains(valueOf(key))).toList();
        try (RandomAccessFile file = new RandomAccessFile(database.toFile(), "rw")) {
            file.seek(pageStart);
            file.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        }
        return onPage;
    }

    private static List<String> fill(Path directory, int count) {
        List<String> keys = new ArrayList<>();
        try (FanoutCache cache = FanoutCache.open(directory, 8, Settings.none(), StoreOptions.defaults())) {
            for (int i = 0; i < count; i++) {
                String key = "key-" + i;
                cache.set(key, "value-" + key);
                keys.add(key);
            }
        }
        return keys;
    }

    private static void overwriteWithGarbage(Path database) throws Exception {
        byte[] garbage = new byte[8192];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(database, garbage);
        Files.deleteIfExists(database.resolveSibling("cache.db-wal"));
        Files.deleteIfExists(database.resolveSibling("cache.db-shm"));
    }
}
