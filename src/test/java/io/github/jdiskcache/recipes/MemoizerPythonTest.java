package io.github.jdiskcache.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.pickle.PlainData;
import io.github.jdiskcache.testing.Python;

/**
 * Java's {@link Memoizer} and Python's {@code memoize_stampede} on one cache: one early
 * recomputation between them (the same marker key), and typed keys that ignore an argument built
 * alike, so a result computed by one side is the other's hit. Handshakes through files and output lines.
 */
class MemoizerPythonTest {
    /** With a kept result that took 1000 s, this beta makes every call recompute early, whatever the draw. */
    private static final double ALWAYS_EARLY = 1e300;
    private static final List<Object> KEY = PlainData.tuple("f", 1L, null);

    @TempDir
    Path directory;

    @TempDir
    Path work;

    private FanoutCache open() {
        return RecipeCaches.open(directory);
    }

    /** A result kept an hour, which took 1000 s to compute. */
    private static void keepOldResult(FanoutCache cache) {
        cache.set(KEY, PlainData.tuple("old", 1000.0), 3600.0, null);
    }

    @Test
    void javaDoesNotRecomputeEarlyWhilePythonDoes() throws Exception {
        try (FanoutCache cache = open()) {
            keepOldResult(cache);
        }
        Path go = work.resolve("go");
        Python python = Python.start(work, """
                import os, sys, time, diskcache
                cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                @diskcache.memoize_stampede(cache, expire=3600, name='f', beta=float(sys.argv[3]))
                def f(x):
                    print('recomputing', flush=True)
                    while not os.path.exists(sys.argv[2]):
                        time.sleep(0.005)
                    return 'python'
                print('returned', f(1), flush=True)
                while cache.get(('f', 1, None))[0] != 'python':
                    time.sleep(0.005)
                print('stored', flush=True)
                """, directory.toString(), go.toString(), String.valueOf(ALWAYS_EARLY));
        try (FanoutCache cache = open()) {
            python.awaitLine("recomputing");
            AtomicInteger javaCalls = new AtomicInteger();
            Function<Integer, String> f = new Memoizer(RecipeStore.of(cache), "f", Duration.ofHours(1), ALWAYS_EARLY,
                    () -> 0.5).memoize(x -> {
                        javaCalls.incrementAndGet();
                        return "java";
                    });
            long rows = cache.size();
            assertEquals(2, rows, "the kept result and Python's marker");
            assertEquals("old", f.apply(1));
            assertEquals(rows, cache.size(), "Java found Python's marker: it added none and started no recomputation");
            Files.createFile(go);
            assertEquals(List.of("recomputing", "returned old", "stored"), python.awaitSuccess(60, TimeUnit.SECONDS));
            assertEquals("python", ((List<?>) cache.get(KEY)).get(0));
            assertEquals(0, javaCalls.get());
        } finally {
            python.process().destroyForcibly(); // a failed assertion leaves it waiting for the go file
        }
    }

    @Test
    void pythonDoesNotRecomputeEarlyWhileJavaDoes() throws Exception {
        try (FanoutCache cache = open()) {
            keepOldResult(cache);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch mayFinish = new CountDownLatch(1);
            Function<Integer, String> f = new Memoizer(RecipeStore.of(cache), "f", Duration.ofHours(1), ALWAYS_EARLY,
                    () -> 0.5).memoize(x -> {
                        started.countDown();
                        try {
                            mayFinish.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return "java";
                    });
            try {
                assertEquals("old", f.apply(1));
                assertTrue(started.await(60, TimeUnit.SECONDS), "Java recomputes in the background");
                List<String> python = Python.run(work, """
                        import sys, threading, diskcache
                        cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                        @diskcache.memoize_stampede(cache, expire=3600, name='f', beta=float(sys.argv[2]))
                        def f(x):
                            threading.Event().wait()  # a recomputation started here would stay alive
                            return 'python'
                        threads = threading.active_count()
                        print(f(1), threading.active_count() - threads)
                        """, directory.toString(), String.valueOf(ALWAYS_EARLY));
                assertEquals(List.of("old 0"), python, "Python found Java's marker and started no recomputation");
            } finally {
                mayFinish.countDown();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!"java".equals(((List<?>) cache.get(KEY)).get(0))) { // Java's recomputation stores before the cache closes
                assertTrue(System.nanoTime() < deadline, "Java's recomputation stored its result");
                Thread.sleep(5);
            }
        }
    }

    @Test
    void typedKeysIgnoringAnArgumentAreSharedBothWays() throws Exception {
        String pythonFunction = """
                import sys, diskcache
                cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                calls = []
                @diskcache.memoize_stampede(cache, expire=3600, name='g', typed=True, ignore={1}, beta=0)
                def g(a, b):
                    calls.append(a)
                    return 'python:' + repr(a)
                """;
        List<String> computed = Python.run(work, pythonFunction + """
                for a in [7, 2.5, 's', b'b', True, None, [1, 2], (1, 2), {'k': 1}, {3}, 2 ** 70]:
                    print(g(a, 'ignored by Python'))
                print('calls', len(calls))
                """, directory.toString());
        List<Object> arguments = Arrays.asList(7, 2.5, "s", new byte[] {'b'}, true, null, new ArrayList<>(List.of(1, 2)),
                List.of(1, 2), Map.of("k", 1), Set.of(3), BigInteger.TWO.pow(70));
        try (FanoutCache cache = open()) {
            AtomicInteger javaCalls = new AtomicInteger();
            BiFunction<Object, String, String> g = new Memoizer(cache, "g", Duration.ofHours(1), 0).typed().ignoring(1)
                    .memoize((a, b) -> {
                        javaCalls.incrementAndGet();
                        return "java:" + a;
                    });
            List<String> hits = new ArrayList<>();
            arguments.forEach(a -> hits.add(g.apply(a, "ignored by Java")));
            hits.add("calls 11");
            assertEquals(computed, hits, "Java finds every result Python computed");
            assertEquals(0, javaCalls.get());
            assertEquals("java:8", g.apply(8, "x"));
            assertEquals("java:t", g.apply("t", "x"));
            assertEquals("java:8.0", g.apply(8.0, "x"));
        }
        List<String> found = Python.run(work, pythonFunction + """
                print(g(8, 'y'), g('t', 'y'), g(8.0, 'y'), 'calls', len(calls))
                """, directory.toString());
        assertEquals(List.of("java:8 java:t java:8.0 calls 0"), found, "Python finds what Java computed");
    }
}
