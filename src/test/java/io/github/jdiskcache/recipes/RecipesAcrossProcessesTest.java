package io.github.jdiskcache.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.testing.ChildJvm;

/** Each recipe shared by real child JVMs, started together through a go-file handshake. */
class RecipesAcrossProcessesTest {
    private static final int CHILDREN = 3;

    @TempDir
    Path directory;

    @TempDir
    Path work;

    private FanoutCache open() {
        return RecipeCaches.open(directory);
    }

    /** Runs the children and returns the sum of the violations they saw. */
    private int runChildren(String recipe, int children, int iterations) throws Exception {
        return (int) sumOf("violations ", recipe, children, iterations);
    }

    /** Runs the children and sums the numbers they printed after {@code prefix}. */
    private long sumOf(String prefix, String recipe, int children, int iterations) throws Exception {
        try (FanoutCache ignored = open()) {
            // created before the children race to create it
        }
        Path go = work.resolve("go-" + recipe);
        List<ChildJvm> started = new ArrayList<>();
        for (int i = 0; i < children; i++) {
            started.add(ChildJvm.start(work, RecipeWorker.class, recipe, directory.toString(), go.toString(),
                    String.valueOf(iterations)));
        }
        ChildJvm.awaitAllPrinted(started, "ready", 60, TimeUnit.SECONDS);
        Files.createFile(go);
        long sum = 0;
        for (ChildJvm child : started) {
            String output = child.awaitSuccess(120, TimeUnit.SECONDS);
            String line = output.lines().filter(text -> text.startsWith(prefix)).findFirst().orElseThrow();
            sum += Long.parseLong(line.substring(prefix.length()));
        }
        return sum;
    }

    @Test
    void aLockNeverHasTwoHolders() throws Exception {
        assertEquals(0, runChildren("lock", CHILDREN, 60), "times a holder found another inside");
        try (FanoutCache cache = open()) {
            assertEquals((long) CHILDREN * 60, cache.get("counter"), "no read-modify-write under the lock was lost");
            assertEquals(false, new Lock(cache, "lock", null).locked());
        }
    }

    @Test
    void anRLockIsReentrantAndNeverHasTwoHolders() throws Exception {
        assertEquals(0, runChildren("rlock", CHILDREN, 40), "times a holder found another inside");
        try (FanoutCache cache = open()) {
            assertEquals((long) CHILDREN * 40, cache.get("counter"));
            assertEquals(false, new RLock(cache, "rlock", null).locked());
        }
    }

    @Test
    void aBoundedSemaphoreOfThreeNeverHasAFourth() throws Exception {
        assertEquals(0, runChildren("semaphore", 5, 40), "times a fourth holder got in");
        try (FanoutCache cache = open()) {
            assertEquals(false, new BoundedSemaphore(cache, "semaphore", 3, null).locked());
            assertEquals(3L, cache.get("semaphore"), "every permit given back");
        }
    }

    @Test
    void averagersInManyProcessesAgree() throws Exception {
        runChildren("average", CHILDREN, 50);
        try (FanoutCache cache = open()) {
            assertEquals(25.5, new Averager(cache, "average", null).get(), 1e-9);
            assertTrue(cache.check(false).isEmpty(), "check is clean");
        }
    }

    /**
     * The issue asks that a throttle hold its rate within 10 % over 3 s. Each of two processes asks
     * as fast as it can for 3 s of its own clock; they start within a short skew of each other, so
     * the shared window is 3 s plus that skew, and the first burst may use the tally a fresh
     * throttle starts with ({@code count}). The bounds are therefore generous on purpose: at least
     * 90 % of 3 s at the rate, at most 110 % of (burst + 3.5 s at the rate). A broken throttle
     * (no limit) lets through thousands.
     */
    @Test
    void aThrottleHoldsItsRateAcrossProcesses() throws Exception {
        double rate = RecipeWorker.THROTTLE_COUNT;
        long grants = sumOf("grants ", "throttle", 2, 3);
        assertTrue(grants >= 0.9 * 3 * rate, "too few calls let through: " + grants);
        assertTrue(grants <= 1.1 * (RecipeWorker.THROTTLE_COUNT + 3.5 * rate), "too many calls let through: " + grants);
    }
}
