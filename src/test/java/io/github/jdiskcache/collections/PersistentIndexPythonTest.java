package io.github.jdiskcache.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.pickle.PlainData;
import io.github.jdiskcache.testing.Python;

/** An index shared with Python's diskcache 5.4: entries, their order and tuple keys cross both ways. */
class PersistentIndexPythonTest {
    @TempDir
    Path directory;

    @TempDir
    Path work;

    @Test
    void pythonSeesJavasEntriesInOrderAndJavaSeesPythons() throws Exception {
        try (FanoutCache cache = FanoutCache.open(directory)) {
            PersistentIndex<Object, Object> users = PersistentIndex.of(cache, "users");
            users.put("b", 2);
            users.put(PlainData.tuple("t", 1L), new ArrayList<>(List.of("x")));
            users.put("a", Map.of("n", 1));
        }
        List<String> seen = Python.run(work, """
                import sys, diskcache
                cache = diskcache.FanoutCache(sys.argv[1])
                users = cache.index('users')
                print(repr(list(users.items())))
                users['z'] = (1, 'one')
                print(users.popitem(last=False))
                print('warnings', len(users.cache.check()))
                """, directory.toString());
        assertEquals(List.of("[('b', 2), (('t', 1), ['x']), ('a', {'n': 1})]", "('b', 2)", "warnings 0"), seen);

        try (FanoutCache cache = FanoutCache.open(directory)) {
            PersistentIndex<Object, Object> users = PersistentIndex.of(cache, "users");
            assertEquals(List.of(PlainData.tuple("t", 1L), "a", "z"), new ArrayList<>(users.keySet()));
            assertEquals(PlainData.tuple(1L, "one"), users.get("z"));
            assertEquals(new ArrayList<>(List.of("x")), users.get(PlainData.tuple("t", 1L)));
        }
    }
}
