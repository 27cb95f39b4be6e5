package io.github.jdiskcache.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.testing.ChildJvm;

/**
 * Issue 6, many JVMs on one cache directory: atomic per-key operations across processes, the typed
 * and bounded lock timeout as the only failure, and concurrent cache lifecycle operations.
 */
class ManyJvmTest {
    private static final int JVMS = 4;
    private static final int THREADS_PER_JVM = 2;
    private static final long RUN_MILLIS = 6_000;
    /** Short on purpose: with transactions holding a shard's lock for 150 ms, some writers must time out. */
    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(100);
    /** Scheduling slack on a loaded 2-core machine (GC, four JVMs, other builds). */
    private static final long TIMEOUT_MARGIN_MILLIS = 1_000;

    @TempDir
    Path directory;

    private static CacheManager manager(Path managerDirectory) {
        return Caching.getCachingProvider(DiskCachingProvider.class.getName())
                .getCacheManager(managerDirectory.toUri(), ManyJvmTest.class.getClassLoader());
    }

    /**
     * Four JVMs × two threads for six seconds: put/get/remove on 16 shared keys, invoke increments
     * of two counters, slow store transactions holding a shard's write lock for 150 ms (with a 100 ms
     * lock timeout), slow entry processors holding their key's lease, putIfAbsent on 40 contested keys. Counters must equal the sum of acknowledged
     * increments, each contested key must have exactly one winner across all JVMs and hold its
     * value, every failure must be the typed timeout of a write (reads never wait), and no
     * timed-out call may have waited much longer than the timeout.
     */
    @Test
    void fourJvmsHammeringOneCacheKeepEveryAtomicGuarantee() throws Exception {
        Path managerDirectory = directory.resolve("caches");
        String name = "hammer";
        try (CacheManager manager = manager(managerDirectory)) {
            Cache<String, Object> cache = manager.createCache(name, new DiskCacheConfiguration<String, Object>()
                    .setTypes(String.class, Object.class).setLockTimeout(LOCK_TIMEOUT));
            for (int i = 0; i < HammerWorker.COUNTERS; i++) {
                cache.put(HammerWorker.counter(i), 0L);
            }
        }

        Path start = directory.resolve("start");
        List<ChildJvm> children = new ArrayList<>();
        for (int jvm = 0; jvm < JVMS; jvm++) {
            children.add(ChildJvm.start(directory, HammerWorker.class, managerDirectory.toString(), name,
                    start.toString(), "jvm" + jvm, Long.toString(RUN_MILLIS), Integer.toString(THREADS_PER_JVM)));
        }
        ChildJvm.awaitAllPrinted(children, "LOCK_TIMEOUT_MS ", 3, TimeUnit.MINUTES);
        Files.createFile(start);

        Map<String, Long> increments = new HashMap<>();
        Map<String, List<String>> winners = new HashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<Long> timeoutMillis = new ArrayList<>();
        Map<String, Integer> timeoutsByOperation = new HashMap<>();
        long ops = 0;
        for (ChildJvm child : children) {
            for (String line : child.awaitSuccess(3, TimeUnit.MINUTES).split("\n")) {
                String[] words = line.split(" ", 3);
                switch (words[0]) {
                    case "LOCK_TIMEOUT_MS" -> assertEquals(LOCK_TIMEOUT.toMillis(), Long.parseLong(words[1]),
                            "getCache in another JVM must keep the configured lock timeout");
                    case "INCREMENTS" -> increments.merge(words[1], Long.parseLong(words[2]), Long::sum);
                    case "WIN" -> winners.computeIfAbsent(words[1], key -> new ArrayList<>()).add(words[2]);
                    case "TIMEOUT" -> {
                        timeoutMillis.add(Long.parseLong(words[2]));
                        timeoutsByOperation.merge(words[1], 1, Integer::sum);
                    }
                    case "OPS" -> ops += Long.parseLong(words[1]);
                    case "UNEXPECTED" -> unexpected.add(line.replace('|', '\n'));
                    default -> {
                        if (!line.isBlank()) {
                            unexpected.add("unexpected output: " + line);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), unexpected, "only the typed lock timeout may fail an operation");

        long slowest = timeoutMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf("ManyJvmTest: %d JVMs x %d threads, %d ops in %d ms, increments %s, %d typed timeouts %s"
                        + " (lock timeout %d ms, slowest failed call %d ms)%n",
                JVMS, THREADS_PER_JVM, ops, RUN_MILLIS, increments, timeoutMillis.size(), timeoutsByOperation,
                LOCK_TIMEOUT.toMillis(), slowest);
        assertTrue(slowest <= LOCK_TIMEOUT.toMillis() + TIMEOUT_MARGIN_MILLIS,
                "a timed-out call waited " + slowest + " ms with a lock timeout of " + LOCK_TIMEOUT.toMillis() + " ms");
        assertEquals(null, timeoutsByOperation.get("get"), "reads (WAL) must never wait for a write lock");

        try (CacheManager manager = manager(managerDirectory)) {
            Cache<String, Object> cache = manager.getCache(name, String.class, Object.class);
            for (int i = 0; i < HammerWorker.COUNTERS; i++) {
                String counter = HammerWorker.counter(i);
                assertEquals(increments.getOrDefault(counter, 0L), cache.get(counter),
                        counter + " must equal the sum of acknowledged increments");
            }
            for (int i = 0; i < HammerWorker.CONTESTED_KEYS; i++) {
                String key = HammerWorker.contested(i);
                List<String> won = winners.getOrDefault(key, List.of());
                assertEquals(1, won.size(), key + " must have exactly one putIfAbsent winner, had " + won);
                assertEquals(won.get(0), cache.get(key), key + " must hold its winner's value");
            }
            for (int i = 0; i < HammerWorker.SHARED_KEYS; i++) {
                String key = HammerWorker.shared(i);
                Object value = cache.get(key);
                assertTrue(value == null || HammerWorker.isSharedValue(key, value), key + " damaged: " + value);
            }
            assertEquals(List.of(), cache.unwrap(FanoutCache.class).check(false));
        }
    }

    /**
     * Three JVMs run getCache-or-createCache on one new cache name, then share it: all succeed,
     * all see each other's entries, the creator's configuration (types, 4 shards, 20 s lock
     * timeout) is what everyone gets. {@code late}: two of them arrive while the first is inside
     * createCache (its {@code fanout.properties} exists, its shards may not), which is where a
     * getCache could pick up a half-created cache with a default configuration.
     */
    @ParameterizedTest(name = "late arrivals: {0}")
    @ValueSource(booleans = {false, true})
    void threeJvmsGetOrCreateTheSameNewCacheAtOnceAndShareIt(boolean late) throws Exception {
        Path managerDirectory = directory.resolve("caches");
        Path start = directory.resolve("start");
        int jvms = 3;
        int keys = 50;
        List<ChildJvm> children = new ArrayList<>();
        for (int jvm = 0; jvm < jvms; jvm++) {
            children.add(ChildJvm.start(directory, LifecycleWorker.class, "share", managerDirectory.toString(),
                    "shared", start.toString(), "jvm" + jvm, Integer.toString(jvms), Integer.toString(keys),
                    Boolean.toString(late && jvm > 0)));
        }
        // Every JVM has its manager and waits at the start line, so the opens really overlap.
        ChildJvm.awaitAllPrinted(children, LifecycleWorker.READY, 3, TimeUnit.MINUTES);
        Files.createFile(start);
        awaitAllSucceeded(children);
        try (CacheManager manager = manager(managerDirectory)) {
            Cache<String, String> cache = manager.getCache("shared", String.class, String.class);
            assertNotNull(cache);
            assertEquals(Duration.ofSeconds(20),
                    cache.getConfiguration(DiskCacheConfiguration.class).getLockTimeout());
            int count = 0;
            for (Cache.Entry<String, String> entry : cache) {
                assertEquals(entry.getKey().replace("-", "-value-"), entry.getValue());
                count++;
            }
            assertEquals(jvms * keys, count);
            FanoutCache store = cache.unwrap(FanoutCache.class);
            assertEquals(4, store.shardCount());
            assertEquals(List.of(), store.check(false));
        }
    }

    /** One JVM creates and destroys a cache over and over while two others create and reopen caches of their own. */
    @Test
    void destroyingACacheWhileOtherJvmsOpenOtherCachesLeavesThemIntact() throws Exception {
        Path managerDirectory = directory.resolve("caches");
        Path start = directory.resolve("start");
        int rounds = 15;
        List<ChildJvm> children = new ArrayList<>();
        children.add(ChildJvm.start(directory, LifecycleWorker.class, "destroy", managerDirectory.toString(),
                "victim", start.toString(), Integer.toString(rounds)));
        for (int jvm = 1; jvm <= 2; jvm++) {
            children.add(ChildJvm.start(directory, LifecycleWorker.class, "own", managerDirectory.toString(),
                    start.toString(), "jvm" + jvm, Integer.toString(rounds)));
        }
        ChildJvm.awaitAllPrinted(children, LifecycleWorker.READY, 3, TimeUnit.MINUTES);
        Files.createFile(start);
        awaitAllSucceeded(children);
        try (CacheManager manager = manager(managerDirectory)) {
            Set<String> names = new HashSet<>();
            manager.getCacheNames().forEach(names::add);
            assertTrue(!names.contains("victim"), "destroyed cache still listed: " + names);
            assertNull(manager.getCache("victim"));
            assertEquals(2 * rounds, names.size(), names.toString());
            for (int jvm = 1; jvm <= 2; jvm++) {
                for (int round = 0; round < rounds; round++) {
                    String name = "own-jvm" + jvm + "-" + round;
                    Cache<String, String> cache = manager.getCache(name, String.class, String.class);
                    assertNotNull(cache, name);
                    for (int i = 0; i < 20; i++) {
                        assertEquals(name + "-" + i, cache.get("k" + i));
                    }
                    assertEquals(List.of(), cache.unwrap(FanoutCache.class).check(false));
                }
            }
        }
    }

    /**
     * WAL readers do not wait for writers, in this process or another: while a JVM holds a shard's
     * write lock (an entry processor running for 3 s), another JVM with a fresh manager — new SQLite
     * connections — opens the cache and reads the key of that very shard at once, and sees the
     * last committed value; the lock timeout (500 ms) must not come into play.
     */
    @Test
    void aJvmOpensAndReadsWhileAnotherJvmHoldsTheShardsWriteLock() throws Exception {
        Path managerDirectory = directory.resolve("caches");
        Duration timeout = Duration.ofMillis(500);
        try (CacheManager manager = manager(managerDirectory)) {
            manager.createCache("held", new DiskCacheConfiguration<String, String>()
                    .setTypes(String.class, String.class).setLockTimeout(timeout)).put("k", "committed");
        }
        ChildJvm holder = ChildJvm.start(directory, LifecycleWorker.class, "hold", managerDirectory.toString(),
                "held", "k", "3000");
        ChildJvm.awaitAllPrinted(List.of(holder), "HOLDING committed", 3, TimeUnit.MINUTES);
        long started = System.nanoTime();
        try (CacheManager manager = manager(managerDirectory)) {
            Cache<String, String> cache = manager.getCache("held", String.class, String.class);
            long opened = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals("committed", cache.get("k"));
            long read = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(holder.process().isAlive() && !holder.output().contains("RELEASED"),
                    "the read must have happened while the other JVM held the lock");
            System.out.printf("ManyJvmTest: opened in %d ms, read in %d ms while another JVM held the write lock%n",
                    opened, read);
            assertTrue(read < timeout.toMillis(), "open + read took " + read + " ms: it waited for the writer");
        }
        holder.awaitSuccess(3, TimeUnit.MINUTES);
        try (CacheManager manager = manager(managerDirectory)) {
            assertEquals("after-hold", manager.getCache("held", String.class, String.class).get("k"));
        }
    }

    /** Waits for every child and fails with all their outputs if any of them failed. */
    private static void awaitAllSucceeded(List<ChildJvm> children) throws Exception {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            try {
                children.get(i).awaitSuccess(3, TimeUnit.MINUTES);
            } catch (AssertionError e) {
                failures.add("child " + i + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            StringBuilder all = new StringBuilder(String.join("\n", failures));
            for (int i = 0; i < children.size(); i++) {
                all.append("\n--- output of child ").append(i).append(":\n").append(children.get(i).output());
            }
            throw new AssertionError(all.toString());
        }
    }
}
