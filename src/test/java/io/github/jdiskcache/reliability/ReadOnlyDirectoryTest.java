package io.github.jdiskcache.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.testing.Commands;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.ReadOnlyCacheException;

/**
 * A cache on a read-only file system can still be read; writes fail with a clear CacheException.
 * Root ignores file permissions, so the test makes a read-only bind mount (root only).
 */
class ReadOnlyDirectoryTest {
    @TempDir
    Path work;

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
            try (CacheManager manager = new DiskCachingProvider().getCacheManager(readOnly.toUri(),
                    getClass().getClassLoader())) {
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
