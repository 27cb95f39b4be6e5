package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.testing.LoadsNothing;

/**
 * A createCache or getCache that fails (here: a CacheLoader factory whose create() throws) must
 * release every file it opened and leave no half-made cache behind: not in getCacheNames(), not
 * as a folder it created itself. A folder that existed before is left as it was.
 */
class FailedCreateCacheTest {
    private static final Path OPEN_FILES = Path.of("/proc/self/fd");
    private static final int ATTEMPTS = 10;
    /** Room for descriptors the JVM opens on its own meanwhile (class files, logging); far below a leak. */
    private static final int TOLERATED_GROWTH = 8;

    @TempDir
    Path directory;

    @BeforeEach
    void loaderFactoryWorks() {
        SwitchableLoaderFactory.failing = false;
    }

    @Test
    void aFailedCreateCacheLeaksNoFilesAndLeavesNoCache() throws Exception {
        assumeTrue(Files.isDirectory(OPEN_FILES), "counting open files needs /proc");
        try (CacheManager manager = newManager()) {
            warmUp(manager);
            long before = openFiles();
            for (int i = 0; i < ATTEMPTS; i++) {
                assertThrows(RuntimeException.class, () -> manager.createCache("broken", failingLoaderConfiguration()));
            }
            long growth = openFiles() - before;
            assertTrue(growth <= TOLERATED_GROWTH, ATTEMPTS + " failed createCache calls left " + growth + " files open");
            assertFalse(names(manager).contains("broken"), "a failed createCache must not be listed");
            assertNull(manager.getCache("broken"));
            assertFalse(Files.exists(directory.resolve("broken")), "the folder this call created must be removed");

            Cache<String, String> cache = manager.createCache("broken", new MutableConfiguration<String, String>()
                    .setTypes(String.class, String.class));
            cache.put("k", "v");
            assertEquals("v", cache.get("k"));
        }
    }

    @Test
    void aFailedGetCacheLeaksNoFilesAndCanBeRetried() throws Exception {
        assumeTrue(Files.isDirectory(OPEN_FILES), "counting open files needs /proc");
        try (CacheManager manager = newManager()) {
            manager.createCache("kept", readThroughConfiguration()).put("k", "v");
        }
        SwitchableLoaderFactory.failing = true;
        try (CacheManager manager = newManager()) {
            warmUp(manager);
            long before = openFiles();
            for (int i = 0; i < ATTEMPTS; i++) {
                assertThrows(RuntimeException.class, () -> manager.getCache("kept"));
            }
            long growth = openFiles() - before;
            assertTrue(growth <= TOLERATED_GROWTH, ATTEMPTS + " failed getCache calls left " + growth + " files open");

            SwitchableLoaderFactory.failing = false;
            assertEquals("v", manager.<String, String>getCache("kept").get("k"),
                    "the cache on disk is intact and opens once its factory works");
        }
    }

    @Test
    void aFailedCreateCacheOverAnExistingCacheLeavesItsFolderDataAndConfiguration() throws Exception {
        try (CacheManager manager = newManager()) {
            manager.createCache("kept", readThroughConfiguration()).put("k", "v");
        }
        try (CacheManager manager = newManager()) {
            assertThrows(RuntimeException.class, () -> manager.createCache("kept", failingLoaderConfiguration()));
            assertTrue(names(manager).contains("kept"));
            Cache<String, String> cache = manager.getCache("kept");
            assertEquals("v", cache.get("k"));
            assertTrue(cache.getConfiguration(MutableConfiguration.class).isReadThrough(),
                    "the configuration kept before the failed call is still in force");
        }
    }

    private CacheManager newManager() {
        return new DiskCachingProvider().getCacheManager(directory.toUri(), getClass().getClassLoader());
    }

    /** Loads the classes and native code a first open needs, so that only leaks remain to be counted. */
    private static void warmUp(CacheManager manager) {
        manager.createCache("warm-up", new MutableConfiguration<String, String>().setTypes(String.class, String.class))
                .put("k", "v");
        manager.destroyCache("warm-up");
        assertThrows(RuntimeException.class, () -> manager.createCache("warm-up-failure", failingLoaderConfiguration()));
    }

    private static MutableConfiguration<String, String> failingLoaderConfiguration() {
        return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
                .setCacheLoaderFactory(new FailingLoaderFactory()).setReadThrough(true);
    }

    private static MutableConfiguration<String, String> readThroughConfiguration() {
        return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
                .setCacheLoaderFactory(new SwitchableLoaderFactory()).setReadThrough(true);
    }

    private static java.util.Set<String> names(CacheManager manager) {
        return StreamSupport.stream(manager.getCacheNames().spliterator(), false)
                .collect(java.util.stream.Collectors.toSet());
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> files = Files.list(OPEN_FILES)) {
            return files.count();
        }
    }

    public static final class FailingLoaderFactory implements Factory<CacheLoader<String, String>> {
        @Override
        public CacheLoader<String, String> create() {
            throw new IllegalStateException("this loader cannot be created");
        }
    }

    /** Kept in the cache's configuration on disk; a later open fails while {@link #failing} is set. */
    public static final class SwitchableLoaderFactory implements Factory<CacheLoader<String, String>> {
        static volatile boolean failing;

        @Override
        public CacheLoader<String, String> create() {
            if (failing) {
                throw new IllegalStateException("this loader cannot be created now");
            }
            return new LoadsNothing();
        }
    }
}
