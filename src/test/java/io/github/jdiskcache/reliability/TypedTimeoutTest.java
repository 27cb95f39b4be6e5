package io.github.jdiskcache.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.LockTimeoutException;

/**
 * The one documented failure of a busy cache: a {@link CacheException} caused by the store's
 * {@link LockTimeoutException}, after about the configured lock timeout, with nothing written —
 * for writes waiting for the shard's write lock and for reads waiting for a pooled connection.
 */
class TypedTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final long HOLD_MILLIS = 1_500;

    @TempDir
    Path directory;

    /**
     * Runs {@code whileHeld} while another thread holds the write lock (and connection) of "k"'s
     * shard in a store transaction. (An entry processor no longer holds it: it runs outside the
     * transaction, under the key's lease.)
     */
    private void withShardHeld(Properties properties, ThrowingConsumer<Cache<String, String>> whileHeld) throws Exception {
        try (CacheManager manager = Caching.getCachingProvider(DiskCachingProvider.class.getName())
                .getCacheManager(directory.toUri(), getClass().getClassLoader(), properties)) {
            Cache<String, String> cache = manager.createCache("busy", new DiskCacheConfiguration<String, String>()
                    .setTypes(String.class, String.class).setShards(1).setLockTimeout(TIMEOUT));
            cache.put("k", "before");
            FanoutCache store = cache.unwrap(FanoutCache.class);
            CountDownLatch holding = new CountDownLatch(1);
            Thread holder = new Thread(() -> store.transact("k", () -> {
                holding.countDown();
                try {
                    Thread.sleep(HOLD_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                store.set("k", "held");
                return null;
            }), "holder");
            holder.start();
            assertTrue(holding.await(1, TimeUnit.MINUTES));
            whileHeld.accept(cache);
            holder.join();
            assertEquals("held", cache.get("k"));
        }
    }

    @Test
    void aWriteThatCannotGetTheLockFailsTypedAfterTheTimeoutAndWritesNothing() throws Exception {
        withShardHeld(new Properties(), cache -> {
            long started = System.nanoTime();
            CacheException failure = assertThrows(CacheException.class, () -> cache.put("other", "value"));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertInstanceOf(LockTimeoutException.class, failure.getCause());
            assertTrue(waited >= TIMEOUT.toMillis() - 10 && waited < HOLD_MILLIS,
                    "waited " + waited + " ms with a timeout of " + TIMEOUT.toMillis() + " ms");
            assertEquals(null, cache.get("other"), "a timed-out put must not be stored");
        });
    }

    /**
     * With one connection per shard (max_connections=1) held by a writer, a read waits for a
     * connection; when that wait exceeds the timeout, it must fail like a write does — a
     * CacheException, not the store's own exception type escaping the JCache API.
     */
    @Test
    void aReadThatCannotGetAConnectionFailsWithTheTypedCacheException() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("max_connections", "1");
        withShardHeld(properties, cache -> {
            RuntimeException failure = assertThrows(RuntimeException.class, () -> cache.get("k"));
            assertInstanceOf(CacheException.class, failure, "get threw " + failure);
            assertInstanceOf(LockTimeoutException.class, failure.getCause());
        });
    }

    @FunctionalInterface
    private interface ThrowingConsumer<T> {
        void accept(T value) throws Exception;
    }
}
