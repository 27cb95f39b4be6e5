package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.testing.ChildJvm;
import io.github.jdiskcache.testing.Threads;

/**
 * Issue 11: an entry processor, writer or loader runs under its key's lease and holds no SQLite
 * lock, in real child JVMs sharing one directory. The caches' lock timeout is 1 s
 * ({@link LeaseWorker#LOCK_TIMEOUT}) and user code outlasts it, so anything waiting for a shard
 * lock would fail.
 */
class UserCodeOffTheLockTest {
    private static final String KEY = "slow";

    @TempDir
    Path work;

    private CacheManager manager;

    @BeforeEach
    void open() {
        manager = new DiskCachingProvider().getCacheManager(work.resolve("caches").toUri(), getClass().getClassLoader());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private List<String> options() {
        return List.of("-D" + DefaultDirectory.PROPERTY + "=" + work.resolve("caches"));
    }

    /** Starts a child whose user code on {@link #KEY} runs until {@code release} appears, and waits until it runs. */
    private ChildJvm holding(String what, Path release) throws Exception {
        Path ready = work.resolve(what + ".ready");
        ChildJvm child = ChildJvm.start(work, options(), LeaseWorker.class, "hold", what, KEY, ready.toString(),
                release.toString());
        while (!Files.exists(ready)) {
            assertTrue(child.process().isAlive(), () -> "the child died:\n" + output(child));
            Threads.pause();
        }
        return child;
    }

    /** A key other than {@link #KEY} in the same shard: its writers would wait if the shard's lock were held. */
    private static String otherKeyOfTheSameShard(Cache<String, String> cache) {
        FanoutCache store = cache.unwrap(FanoutCache.class);
        for (int i = 0; ; i++) {
            if (store.shardFor("other-" + i) == store.shardFor(KEY)) {
                return "other-" + i;
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"invoke, processors, held", "write, writers, written", "load, loaders, loaded"})
    void userCodeWorkingInAnotherJvmHoldsUpNoWriteToOtherKeysOfItsShard(String what, String cacheName, String stored)
            throws Exception {
        Cache<String, String> cache = LeaseWorker.open(manager, cacheName);
        String other = otherKeyOfTheSameShard(cache);
        Path release = work.resolve(what + ".release");
        ChildJvm child = holding(what, release);
        // The child's user code runs now, and goes on until released: a put waiting for the shard would fail after 1 s.
        CompletableFuture.runAsync(() -> cache.put(other, "meanwhile")).get(5, TimeUnit.SECONDS);
        assertEquals("meanwhile", cache.get(other));
        Files.createFile(release);
        child.awaitSuccess(1, TimeUnit.MINUTES);
        assertEquals(stored, cache.get(KEY));
    }

    /**
     * A put runs no user code: it waits for a processor of its own JVM only. One in another JVM
     * decides again on what the put stored, as on a Python write.
     */
    @Test
    void aPutDoesNotWaitForAnotherJvmsProcessorOfItsKeyWhichDecidesAgainOnIt() throws Exception {
        Cache<String, String> cache = LeaseWorker.open(manager, LeaseWorker.PROCESSORS);
        cache.put(KEY, "first");
        Path release = work.resolve("append.release");
        ChildJvm child = holding("append", release);
        CompletableFuture.runAsync(() -> cache.put(KEY, "meanwhile")).get(5, TimeUnit.SECONDS);
        Files.createFile(release);
        child.awaitSuccess(1, TimeUnit.MINUTES);
        assertEquals("meanwhile+held", cache.get(KEY), "the processor's change was made on the put's value");
    }

    /**
     * Two child JVMs run {@code command} (five callers each, user code taking three lock timeouts),
     * started together by a file; returns their output lines. Asserts that the user code ran once
     * ({@code workLine} printed once) and that all ten callers got the one value it made.
     */
    private List<String> tenCallersInTwoJvms(String command, String workLine) throws Exception {
        Path go = work.resolve("go");
        List<ChildJvm> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(ChildJvm.start(work, options(), LeaseWorker.class, command, KEY, "5",
                    String.valueOf(3 * LeaseWorker.LOCK_TIMEOUT.toMillis()), go.toString()));
        }
        ChildJvm.awaitAllPrinted(children, "ready", 1, TimeUnit.MINUTES);
        Files.createFile(go);
        List<String> lines = new ArrayList<>();
        for (ChildJvm child : children) {
            lines.addAll(child.awaitSuccess(2, TimeUnit.MINUTES).lines().toList());
        }
        assertEquals(1, lines.stream().filter(workLine::equals).count(), "user code ran once: " + lines);
        assertEquals(1, lines.stream().filter(line -> line.startsWith("got ")).distinct().count(),
                "every caller got the one value: " + lines);
        assertEquals(10, lines.stream().filter(line -> line.startsWith("got ")).count(), "no caller failed: " + lines);
        return lines;
    }

    /**
     * Spring's {@code @Cacheable(sync = true)} through invoke: ten threads in two JVMs ask for one
     * key whose value takes three lock timeouts to compute; the value is computed once and every
     * caller gets it, none fails.
     */
    @Test
    void callersOfOneKeyInTwoJvmsWaitForItsValueComputedOnce() throws Exception {
        LeaseWorker.open(manager, LeaseWorker.PROCESSORS);
        List<String> lines = tenCallersInTwoJvms("compute-once", "computing");
        assertTrue(lines.contains("got " + manager.getCache(LeaseWorker.PROCESSORS, String.class, String.class).get(KEY)),
                "the value stored is the one returned: " + lines);
    }

    /** Read-through misses of one key in two JVMs: the slow loader runs once, every get returns its value. */
    @Test
    void readThroughMissesOfOneKeyInTwoJvmsLoadItOnce() throws Exception {
        LeaseWorker.open(manager, LeaseWorker.SLOW_LOADERS);
        List<String> lines = tenCallersInTwoJvms("load-once", "loading");
        assertTrue(lines.stream().allMatch(line -> !line.startsWith("got ") || line.startsWith("got loaded by ")),
                "the loader's value: " + lines);
    }

    /** kill -9 of a holder: its lease is free at once, and what its processor was doing left nothing. */
    @Test
    void aKilledHoldersLeaseIsFreeAtOnceAndItsHalfDoneWorkLeavesNoTrace() throws Exception {
        Cache<String, String> cache = LeaseWorker.open(manager, LeaseWorker.PROCESSORS);
        cache.put(KEY, "before");
        ChildJvm child = holding("invoke", work.resolve("never"));
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().setName("lease-waiter");
            return cache.invoke(KEY, (entry, arguments) -> {
                String found = entry.getValue();
                entry.setValue("after");
                return found;
            });
        });
        Threads.awaitThreadInside("lease-waiter", "io.github.jdiskcache.store.KeyLeases");
        assertFalse(waiter.isDone(), "the killed JVM holds the key's lease until it dies");
        child.process().destroyForcibly().waitFor();
        assertEquals("before", waiter.get(30, TimeUnit.SECONDS), "the dead holder's processor wrote nothing");
        assertEquals("after", cache.get(KEY));
    }

    /**
     * Python's diskcache takes no lease: when it writes the key while a processor runs, the
     * processor's change does not commit over it; the processor runs again on what Python wrote.
     */
    @Test
    void aPythonWriteWhileAProcessorRunsMakesItDecideAgainOnWhatPythonWrote() throws Exception {
        Cache<String, Long> cache = manager.createCache("counters",
                new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
        cache.put("hits", 1L);
        FanoutCache store = cache.unwrap(FanoutCache.class);
        AtomicInteger runs = new AtomicInteger();
        Long result = cache.invoke("hits", (entry, arguments) -> {
            if (runs.incrementAndGet() == 1) {
                pythonSets(store, "hits", 100);
            }
            entry.setValue(entry.getValue() + 1);
            return entry.getValue();
        });
        assertEquals(2, runs.get(), "the first run's change was refused: Python changed the entry meanwhile");
        assertEquals(101L, result);
        assertEquals(101L, cache.get("hits"));
    }

    /** Runs Python's diskcache {@code FanoutCache.set} on {@code store}'s directory; fails unless it stored. */
    private static void pythonSets(FanoutCache store, String key, long value) {
        try {
            Process python = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
                    "import sys, diskcache",
                    "cache = diskcache.FanoutCache(sys.argv[1], shards=int(sys.argv[2]))",
                    "print(cache.set(sys.argv[3], int(sys.argv[4])))"),
                    store.directory().toString(), String.valueOf(store.shardCount()), key, String.valueOf(value))
                    .redirectErrorStream(true).start();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(python.waitFor(1, TimeUnit.MINUTES));
            assertEquals("True", output, "Python's set must not wait for a lock the processor holds");
        } catch (IOException e) {
            throw new AssertionError("install Debian package python3-diskcache", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String output(ChildJvm child) {
        try {
            return child.output();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
