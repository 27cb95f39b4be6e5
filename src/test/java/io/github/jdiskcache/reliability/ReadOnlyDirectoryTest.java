package io.github.jdiskcache.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.testing.ChildJvm;
import io.github.jdiskcache.testing.Commands;
import io.github.jdiskcache.store.AccessMode;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.ReadOnlyCacheException;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.StoreOptions;

/**
 * A cache on a read-only file system can still be read, with every write other processes
 * committed; writes fail with a clear CacheException. Root ignores file permissions, so the test
 * makes a read-only bind mount (root only).
 */
class ReadOnlyDirectoryTest {
    @TempDir
    Path work;

    @Test
    void aReaderWhoCannotWriteTheFolderSeesWhatAKilledWriterLeftInTheWal() throws Exception {
        Path data = work.resolve("data");
        killWriterAfter(data, "rewrite");
        withReadOnlyView(data, readOnly -> {
            try (FanoutCache cache = FanoutCache.open(readOnly)) {
                assertTrue(cache.shards().get(0).isReadOnly());
                for (int i = 0; i < WalWriter.KEYS; i++) {
                    assertEquals("new-" + i, cache.get(WalWriter.key(i)), "the committed overwrite, not the old value");
                }
                assertNull(cache.get(WalWriter.REMOVED), "a committed removal stays removed");
            }
        });
    }

    @Test
    void aCacheWhoseWholeContentIsInTheWalReadsFromAReadOnlyFolder() throws Exception {
        Path data = work.resolve("data");
        killWriterAfter(data, "fresh");
        withReadOnlyView(data, readOnly -> {
            try (FanoutCache cache = FanoutCache.open(readOnly)) {
                for (int i = 0; i < WalWriter.KEYS; i++) {
                    assertEquals("new-" + i, cache.get(WalWriter.key(i)));
                }
            }
        });
    }

    /**
     * Without its WAL files SQLite cannot follow other processes' writes, and a process that
     * cannot write the folder cannot create them: that fails with the reason, unless the caller
     * promises that nothing writes the cache (immutable).
     */
    @Test
    void aCleanlyClosedCacheInAReadOnlyFolderNeedsTheImmutablePromise() throws Exception {
        Path data = work.resolve("data");
        try (FanoutCache cache = FanoutCache.open(data)) {
            cache.set("k", "v");
        }
        assertFalse(Files.exists(data.resolve("000/cache.db-wal")), "a clean close removes the WAL");
        withReadOnlyView(data, readOnly -> {
            ReadOnlyCacheException refused = assertThrows(ReadOnlyCacheException.class, () -> FanoutCache.open(readOnly));
            assertTrue(refused.getMessage().contains("cache.db-wal"), refused.getMessage());
            assertTrue(refused.getMessage().contains("immutable"), "names the way out: " + refused.getMessage());
            try (FanoutCache cache = FanoutCache.open(readOnly, null, Settings.none(),
                    StoreOptions.defaults().withAccess(AccessMode.IMMUTABLE))) {
                assertEquals("v", cache.get("k"));
                assertThrows(ReadOnlyCacheException.class, () -> cache.set("k", "w"));
            }
        });
    }

    /** Runs {@link WalWriter} in a child JVM and kills it with SIGKILL once its writes are committed. */
    private void killWriterAfter(Path data, String scenario) throws Exception {
        Path ready = work.resolve("writer-ready");
        ChildJvm writer = ChildJvm.start(work, WalWriter.class, data.toString(), ready.toString(), scenario);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(ready)) {
            assertTrue(writer.process().isAlive(), () -> "writer died: " + output(writer));
            assertTrue(System.nanoTime() < deadline, () -> "writer not ready: " + output(writer));
            Thread.sleep(10);
        }
        writer.process().destroyForcibly();
        assertTrue(writer.process().waitFor(1, TimeUnit.MINUTES), "killed writer did not exit");
        assertEquals(137, writer.process().exitValue(), "killed with SIGKILL");
        try (var shards = Files.list(data)) {
            assertTrue(shards.filter(Files::isDirectory)
                    .anyMatch(shard -> fileSize(shard.resolve("cache.db-wal")) > 0), "the WAL holds the writes");
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String output(ChildJvm child) {
        try {
            return child.output();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @FunctionalInterface
    private interface ReadOnlyWork {
        void run(Path readOnly) throws Exception;
    }

    /** Shows {@code data} through a read-only bind mount for the duration of {@code work}. */
    private void withReadOnlyView(Path data, ReadOnlyWork body) throws Exception {
        Path readOnly = Files.createDirectories(work.resolve("read-only"));
        assumeTrue(Commands.succeeds("mount", "--bind", data.toString(), readOnly.toString()),
                "skipped: a read-only bind mount needs root (run the build as root, as CI does)");
        try {
            assertTrue(Commands.succeeds("mount", "-o", "remount,ro,bind", readOnly.toString()), "remount read-only");
            body.run(readOnly);
        } finally {
            // Lazily if a failed assertion left a file open, so that the next test gets a clean folder.
            if (!Commands.succeeds("umount", readOnly.toString())) {
                Commands.succeeds("umount", "-l", readOnly.toString());
            }
        }
    }

    @Test
    void readsWorkAndWritesFailClearly() throws Exception {
        Path data = work.resolve("data");
        try (CacheManager manager = new DiskCachingProvider().getCacheManager(data.toUri(), getClass().getClassLoader())) {
            Cache<String, Object> cache = manager.createCache("shared", new MutableConfiguration<>());
            cache.put("small", "text");
            cache.put("large", new byte[100_000]);
        }
        Path readOnly = Files.createDirectories(work.resolve("read-only"));
        assumeTrue(Commands.succeeds("mount", "--bind", data.toString(), readOnly.toString()),
                "skipped: a read-only bind mount needs root (run the build as root, as CI does)");
        try {
            assertTrue(Commands.succeeds("mount", "-o", "remount,ro,bind", readOnly.toString()), "remount read-only");
            // The writer closed the cache, which removed its WAL files: readable only with the immutable promise.
            Properties immutable = new Properties();
            immutable.setProperty("immutable", "true");
            try (CacheManager manager = new DiskCachingProvider().getCacheManager(readOnly.toUri(),
                    getClass().getClassLoader(), immutable)) {
                Cache<String, Object> cache = manager.getCache("shared");
                assertEquals("text", cache.get("small"));
                assertEquals(100_000, ((byte[]) cache.get("large")).length);
                assertTrue(cache.containsKey("small"));
                CacheException refused = assertThrows(CacheException.class, () -> cache.put("new", "value"));
                assertTrue(refused.getCause() instanceof ReadOnlyCacheException, String.valueOf(refused.getCause()));
                assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
                assertThrows(CacheException.class, () -> cache.remove("small"));
                assertEquals("text", cache.get("small"), "a refused write changes nothing");
                assertTrue(cache.unwrap(FanoutCache.class).shards().get(0).isReadOnly());
            }
        } finally {
            Commands.succeeds("umount", readOnly.toString());
        }
        try (FanoutCache cache = FanoutCache.open(data.resolve("shared"))) {
            assertEquals("text", cache.get("small"), "the data is intact after the read-only session");
            assertEquals(java.util.List.of(), cache.check(false));
        }
    }
}
