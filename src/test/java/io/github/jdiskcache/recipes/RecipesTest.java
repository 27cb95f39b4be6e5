package io.github.jdiskcache.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.EntryChange;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.StoreOptions;
import io.github.jdiskcache.store.pickle.PlainData;
import io.github.jdiskcache.store.pickle.PythonConstant;
import io.github.jdiskcache.testing.ManualClock;

class RecipesTest {
    @TempDir
    Path directory;

    private FanoutCache open() {
        return RecipeCaches.open(directory);
    }

    @Test
    void tupleRecipesRefuseACacheThatWouldWriteJavaSerialization() {
        try (FanoutCache cache = FanoutCache.open(directory)) {
            assertThrows(IllegalArgumentException.class, () -> new RLock(cache, "k", null));
            assertThrows(IllegalArgumentException.class, () -> new Averager(cache, "k", null));
            assertThrows(IllegalArgumentException.class, () -> new Throttle(cache, "k", 1, Duration.ofSeconds(1), null));
            assertThrows(IllegalArgumentException.class, () -> new Memoizer(cache, "k", Duration.ofSeconds(1), 1));
            assertFalse(new Lock(cache, "k", null).locked(), "Lock stores no tuple: any cache will do");
        }
    }

    @Test
    void releasingWhatIsNotHeldIsAnError() throws Exception {
        try (FanoutCache cache = open()) {
            assertThrows(IllegalStateException.class, () -> new RLock(cache, "r", null).release());
            BoundedSemaphore semaphore = new BoundedSemaphore(cache, "s", 2, null);
            assertThrows(IllegalStateException.class, semaphore::release);
            try (Held one = semaphore.acquire(); Held two = semaphore.acquire()) {
                assertTrue(semaphore.locked());
                assertTrue(semaphore.acquire(Duration.ZERO).isEmpty());
            }
            assertFalse(semaphore.locked());
            assertThrows(IllegalArgumentException.class, () -> new Lock(cache, "l", Duration.ZERO));
        }
    }

    @Test
    void aLockIsNotReentrantAndFreesOnClose() throws Exception {
        try (FanoutCache cache = open()) {
            Lock lock = new Lock(cache, "l", null);
            try (Held held = lock.acquire()) {
                assertTrue(lock.locked());
                assertTrue(lock.acquire(Duration.ofMillis(10)).isEmpty());
            }
            assertFalse(lock.locked());
            assertEquals("done", new Barrier(cache, "b", null).call(() -> "done"));
            assertFalse(new Lock(cache, "b", null).locked(), "the barrier let go");
        }
    }

    /** A timed acquire takes what is free; a holder's expire (a Duration, stored in seconds) frees it on time. */
    @Test
    void timedAcquiresTakeWhatIsFreeAndAnExpiringHolderFreesItself() throws Exception {
        ManualClock clock = new ManualClock();
        try (FanoutCache cache = FanoutCache.open(directory, null, Settings.none(),
                StoreOptions.defaults().withPicklePlainValues(true).withClock(clock))) {
            Lock lock = new Lock(cache, "l", Duration.ofSeconds(5));
            assertTrue(lock.acquire(Duration.ofSeconds(1)).isPresent());
            clock.advance(Duration.ofSeconds(4));
            assertTrue(lock.locked(), "held for 4 of its 5 seconds");
            clock.advance(Duration.ofSeconds(2));
            assertFalse(lock.locked(), "freed after 5 seconds");
            assertTrue(lock.acquire(Duration.ZERO).isPresent());

            BoundedSemaphore one = new BoundedSemaphore(cache, "s", 1, null);
            try (Held held = one.acquire(Duration.ofSeconds(1)).orElseThrow()) {
                assertTrue(one.acquire(Duration.ZERO).isEmpty());
            }
            assertTrue(one.acquire(Duration.ZERO).isPresent());
        }
    }

    @Test
    void averagerPopsTheAverageAndForgetsIt() {
        try (FanoutCache cache = open()) {
            Averager averager = new Averager(cache, "a", null);
            assertNull(averager.get());
            averager.add(1);
            averager.add(4);
            assertEquals(PlainData.tuple(5.0, 2L), cache.get("a"), "Python's (total, count)");
            assertEquals(2.5, averager.pop());
            assertNull(averager.get());
        }
    }

    @Test
    void memoizerComputesOnceAndRecomputesEarlyInTheBackground() throws Exception {
        try (FanoutCache cache = open()) {
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch recomputed = new CountDownLatch(2);
            Function<Integer, String> slow = x -> {
                calls.incrementAndGet();
                recomputed.countDown();
                return "v" + x;
            };
            Function<Integer, String> cached = new Memoizer(RecipeStore.of(cache), "f", Duration.ofHours(1), 0,
                    () -> 0.5).memoize(slow);
            assertEquals("v1", cached.apply(1));
            assertEquals("v1", cached.apply(1));
            assertEquals(1, calls.get(), "beta 0 never recomputes early");
            List<?> stored = (List<?>) cache.get(PlainData.tuple("f", 1L, null));
            assertEquals("v1", stored.get(0), "Python's (result, delta) under (name, arg, None)");

            // A draw near 0 makes -delta * beta * log(r) = 74 400 s, beyond the hour left: this call recomputes early.
            cache.set(PlainData.tuple("f", 1L, null), PlainData.tuple("old", 1.0), 3600.0, null);
            Function<Integer, String> eager = new Memoizer(RecipeStore.of(cache), "f", Duration.ofHours(1), 100,
                    () -> Double.MIN_VALUE).memoize(slow);
            assertEquals("old", eager.apply(1), "the caller gets the kept result at once");
            assertTrue(recomputed.await(30, TimeUnit.SECONDS), "recomputed in the background");
            assertEquals(2, calls.get());
        }
    }

    /**
     * Python's rule, {@code -delta * beta * log(random()) < ttl} keeps the result: with delta 1 s,
     * beta 2 and a draw of e^-10 a result is recomputed once less than 20 s of it are left. The
     * marker key (Python's {@code key + (ENOVAL,)}) is added before the background call starts, so
     * it says at once whether a call chose to recompute.
     */
    @Test
    void memoizerRecomputesEarlyExactlyWhenPythonsRuleSays() throws Exception {
        ManualClock clock = new ManualClock();
        try (FanoutCache cache = FanoutCache.open(directory, null, Settings.none(),
                StoreOptions.defaults().withPicklePlainValues(true).withClock(clock))) {
            CountDownLatch recomputed = new CountDownLatch(1);
            Function<Integer, String> cached = new Memoizer(RecipeStore.of(cache), "m", Duration.ofHours(1), 2,
                    () -> Math.exp(-10)).memoize(x -> {
                        recomputed.countDown();
                        return "new";
                    });
            List<Object> key = PlainData.tuple("m", 1L, null);
            List<Object> marker = PlainData.tuple("m", 1L, null, PythonConstant.ENOVAL);
            cache.set(key, PlainData.tuple("old", 1.0), 25.0, null);

            assertEquals("old", cached.apply(1));
            assertFalse(stored(cache, marker), "25 s left: kept");
            clock.advance(Duration.ofSeconds(10));
            assertEquals("old", cached.apply(1), "the caller gets the kept result at once");
            assertTrue(stored(cache, marker), "15 s left: recomputed early");
            assertTrue(recomputed.await(30, TimeUnit.SECONDS));
        }
    }

    /** Whether {@code key} has a row, whatever its value: the marker holds Python's None, which a get reads as a miss. */
    private static boolean stored(FanoutCache cache, Object key) {
        boolean[] found = new boolean[1];
        cache.compute(key, current -> {
            found[0] = current != null;
            return EntryChange.keep();
        });
        return found[0];
    }

    @Test
    void memoizerKeysArePythonsArgsToKeyTypedAndIgnoring() {
        try (FanoutCache cache = open()) {
            Memoizer memoizer = new Memoizer(cache, "g", Duration.ofHours(1), 0);
            BiFunction<Object, Object, String> g = memoizer.typed().ignoring(0).memoize((a, b) -> "r" + b);
            assertEquals("r2", g.apply("ignored", 2));
            assertEquals("r2", g.apply("also ignored", 2), "the ignored argument is not in the key");
            assertEquals("r2", ((List<?>) cache.get(PlainData.tuple("g", 2L, null, PythonConstant.INT))).get(0),
                    "(name, kept argument, None, its type): a key found by its bytes");
            assertEquals("r3", memoizer.memoize((a, b) -> "r" + b).apply("x", 3));
            assertEquals("r3", ((List<?>) cache.get(PlainData.tuple("g", "x", 3L, null))).get(0), "untyped, nothing ignored");
            assertThrows(IllegalArgumentException.class, () -> memoizer.ignoring(-1));
        }
    }
}
