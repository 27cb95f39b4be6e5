package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.ChildJvm;

/** Atomicity across threads and processes: counters end exact, concurrent first opens succeed. */
class ConcurrencyTest {
    @TempDir
    Path directory;

    @Test
    void eightThreadsIncrementingOneCounterEndOnTheExactTotal() throws Exception {
        try (FanoutCache cache = FanoutCache.open(directory)) {
            IncrementWorker.incrementConcurrently(cache, "counter", 8, 500);
            assertEquals(4_000L, cache.get("counter"));
        }
    }

    @Test
    void threadsAndTwoChildJvmsIncrementingOneCounterEndOnTheExactTotal() throws Exception {
        Path cacheDir = directory.resolve("cache");
        try (FanoutCache cache = FanoutCache.open(cacheDir)) {
            cache.set("counter", 0L);
            List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                children.add(ChildJvm.start(directory, IncrementWorker.class, cacheDir.toString(), "counter", "4", "500"));
            }
            IncrementWorker.incrementConcurrently(cache, "counter", 8, 250);
            for (ChildJvm child : children) {
                child.awaitSuccess(3, TimeUnit.MINUTES);
            }
            assertEquals(2L * 4 * 500 + 8 * 250, cache.get("counter"));
            assertEquals(List.of(), cache.check(false));
        }
    }

    @Test
    void fourJvmsOpeningANewDirectoryAtOnceAllSucceed() throws Exception {
        Path cacheDir = directory.resolve("fresh");
        Path start = directory.resolve("start");
        List<ChildJvm> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            children.add(ChildJvm.start(directory, OpenWorker.class, cacheDir.toString(), start.toString(), "jvm" + i, "4"));
        }
        // Every JVM is up and waits at the start line, so the opens really overlap.
        ChildJvm.awaitAllPrinted(children, OpenWorker.READY, 3, TimeUnit.MINUTES);
        Files.createFile(start);
        for (ChildJvm child : children) {
            child.awaitSuccess(3, TimeUnit.MINUTES);
        }
        try (FanoutCache cache = FanoutCache.open(cacheDir)) {
            assertEquals(16, cache.size());
            for (int jvm = 0; jvm < 4; jvm++) {
                for (int t = 0; t < 4; t++) {
                    assertEquals("jvm" + jvm + "-" + t, cache.get("jvm" + jvm + "-" + t));
                }
            }
            assertEquals(8, cache.shardCount());
            assertEquals(List.of(), cache.check(false));
        }
    }
}
