package io.github.jdiskcache.collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.testing.Python;

/** A deque shared with Python's diskcache 5.4 (Debian's python3-diskcache): items cross both ways. */
class PersistentDequePythonTest {
    @TempDir
    Path directory;

    @TempDir
    Path work;

    @Test
    void pythonPopsWhatJavaPushedInOrderAndTheOtherWayRound() throws Exception {
        try (FanoutCache cache = FanoutCache.open(directory)) {
            PersistentDeque<Object> jobs = PersistentDeque.of(cache, "jobs");
            jobs.addLast("a");
            jobs.addLast(42);
            jobs.addLast(Map.of("k", 1));
        }
        List<String> popped = Python.run(work, """
                import sys, diskcache
                cache = diskcache.FanoutCache(sys.argv[1])
                jobs = cache.deque('jobs')
                while len(jobs):
                    print(repr(jobs.popleft()))
                jobs.extend(['b', 7, {'k': [1, (2, None)]}, 2.5])
                jobs.appendleft(b'\\x00')
                print('warnings', len(cache.deque('jobs').cache.check()))
                """, directory.toString());
        assertEquals(List.of("'a'", "42", "{'k': 1}", "warnings 0"), popped);

        try (FanoutCache cache = FanoutCache.open(directory)) {
            PersistentDeque<Object> jobs = PersistentDeque.of(cache, "jobs");
            assertEquals(5, jobs.size());
            assertArrayEquals(new byte[] {0}, (byte[]) jobs.removeFirst(), "appendleft put the bytes in front");
            Map<Object, Object> dict = new LinkedHashMap<>();
            dict.put("k", new ArrayList<>(List.of(1L, java.util.Arrays.asList(2L, null))));
            List<Object> rest = new ArrayList<>();
            jobs.forEach(rest::add);
            assertEquals(List.of("b", 7L, dict, 2.5d), rest);
            assertEquals(List.of(), cache.dequeShard("jobs").check(false), "Java's check of the deque's shard");
        }
    }
}
