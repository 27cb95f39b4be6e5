package io.github.jdiskcache.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.testing.Commands;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.StoreException;
import io.github.jdiskcache.store.StoreOptions;

/**
 * A full disk fails the write that did not fit with a CacheException and loses nothing written
 * before. Needs a small file system of its own: a tmpfs mounted for the test, which takes root.
 */
class FullDiskTest {
    @TempDir
    Path work;

    @Test
    void aFullDiskFailsTheWriteAndKeepsEverythingBefore() throws Exception {
        Path mountPoint = Files.createDirectories(work.resolve("small-disk"));
        assumeTrue(Commands.succeeds("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mountPoint.toString()),
                "skipped: mounting a 3 MiB tmpfs needs root (run the build as root, as CI does)");
        try {
            List<byte[]> written = new ArrayList<>();
            CacheException failure = null;
            try (CacheManager manager = new DiskCachingProvider().getCacheManager(mountPoint.toUri(),
                    getClass().getClassLoader())) {
                Cache<Integer, byte[]> cache = manager.createCache("full", new DiskCacheConfiguration<Integer, byte[]>()
                        .setTypes(Integer.class, byte[].class).setShards(2));
                for (int i = 0; i < 200 && failure == null; i++) {
                    byte[] value = new byte[48 * 1024];
                    Arrays.fill(value, (byte) i);
                    try {
                        cache.put(i, value);
                        written.add(value);
                    } catch (CacheException e) {
                        failure = e;
                    }
                }
                assertNotNull(failure, "3 MiB cannot hold 200 values of 48 KiB");
                assertTrue(written.size() > 5, "writes succeeded until the disk was full: " + written.size());
                for (int i = 0; i < written.size(); i++) {
                    assertArrayEquals(written.get(i), cache.get(i), "entry " + i + " survives the full disk");
                }
                assertEquals(null, cache.get(written.size()), "the write that failed left nothing behind");
            }
            try (CacheManager manager = new DiskCachingProvider().getCacheManager(mountPoint.toUri(),
                    getClass().getClassLoader())) {
                Cache<Integer, byte[]> cache = manager.getCache("full", Integer.class, byte[].class);
                for (int i = 0; i < written.size(); i++) {
                    assertArrayEquals(written.get(i), cache.get(i), "entry " + i + " survives a reopen");
                }
                List<String> problems = cache.unwrap(FanoutCache.class).check(false);
                assertTrue(problems.stream().noneMatch(problem -> problem.startsWith("integrity")), problems.toString());
            }
        } finally {
            Commands.succeeds("umount", mountPoint.toString());
        }
    }

    /**
     * SQLite's own "database or disk is full" (inline values, no value files) fails each write
     * that meets it with that cause, never with the "statement is not executing" of a poisoned
     * pooled statement, and writes work again once space is freed.
     */
    @Test
    void aFullDiskIsNamedOnEveryFailureAndWritesResumeOnceSpaceIsFreed() throws Exception {
        Path mountPoint = Files.createDirectories(work.resolve("small-disk"));
        assumeTrue(Commands.succeeds("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mountPoint.toString()),
                "skipped: mounting a 3 MiB tmpfs needs root (run the build as root, as CI does)");
        try {
            Path filler = mountPoint.resolve("filler");
            Files.write(filler, new byte[1024 * 1024]);
            String value = "v".repeat(2000);
            // One connection, so the connection that met the full disk is the one every later call gets.
            try (Shard shard = Shard.open(mountPoint.resolve("shard"), Settings.none(),
                    StoreOptions.defaults().withMaxConnections(1))) {
                int written = 0;
                StoreException full = null;
                while (full == null) {
                    try {
                        shard.set("key-" + written, value);
                        written++;
                    } catch (StoreException e) {
                        full = e;
                    }
                }
                assertTrue(written > 5, "writes succeeded until the disk was full: " + written);
                assertTrue(full.getMessage().contains("full"), full.getMessage());
                StoreException again = assertThrows(StoreException.class, () -> shard.set("one-more", value));
                assertTrue(again.getMessage().contains("full"), "the next write names the cause too: " + again.getMessage());
                assertEquals(value, shard.get("key-0"), "reads still work on a full disk");

                Files.delete(filler);
                shard.set("after-freeing", value);
                assertEquals(value, shard.get("after-freeing"));
                for (int i = 0; i < written; i++) {
                    assertEquals(value, shard.get("key-" + i), "entry " + i + " survives the full disk");
                }
            }
        } finally {
            Commands.succeeds("umount", mountPoint.toString());
        }
    }
}
