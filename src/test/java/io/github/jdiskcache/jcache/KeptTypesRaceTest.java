package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.configuration.PersistedConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FilePermissions;
import io.github.jdiskcache.testing.FileLockedByChild;
import io.github.jdiskcache.testing.Threads;

/**
 * Two processes creating one new cache with other types at the same moment: the one that keeps
 * its configuration second must see the first one's types, not overwrite them. The check is
 * repeated under the folder's configuration lock, which the other process holds here.
 */
class KeptTypesRaceTest {
    private static final String CREATOR = "creator-";

    @TempDir
    Path work;

    @Test
    void typesKeptByAnotherProcessDuringCreateCacheAreNotOverwritten() throws Exception {
        Path caches = work.resolve("caches");
        Path folder = caches.resolve("race");
        Files.createDirectories(folder);
        ExecutorService creator = Executors.newSingleThreadExecutor(task -> new Thread(task, CREATOR + "1"));
        try (CacheManager manager = new DiskCachingProvider().getCacheManager(caches.toUri(), getClass().getClassLoader());
             FileLockedByChild otherProcess = FileLockedByChild.lock(work,
                     folder.resolve(PersistedConfiguration.LOCK_FILE))) {
            Future<?> creating = creator.submit(() -> manager.createCache("race",
                    new MutableConfiguration<String, String>().setTypes(String.class, String.class)));
            Threads.awaitThreadInside(CREATOR, "io.github.jdiskcache.store.InitLock");

            // What the other process does while it holds the lock: it keeps its own types.
            PersistedConfiguration.write(folder, new MutableConfiguration<String, Long>()
                    .setTypes(String.class, Long.class), FilePermissions.ownerOnly());
            otherProcess.release();

            ExecutionException failure = assertThrows(ExecutionException.class, () -> creating.get(30, TimeUnit.SECONDS));
            CacheException refused = assertInstanceOf(CacheException.class, failure.getCause());
            assertTrue(refused.getMessage().contains("java.lang.String -> java.lang.Long")
                    && refused.getMessage().contains("java.lang.String -> java.lang.String"), refused.getMessage());
            assertEquals(Long.class, PersistedConfiguration.read(folder, getClass().getClassLoader()).getValueType(),
                    "the other process's kept configuration stands");
            assertTrue(Files.isDirectory(folder), "a folder another process keeps its cache in is never removed");
        } finally {
            creator.shutdownNow();
        }
    }
}
