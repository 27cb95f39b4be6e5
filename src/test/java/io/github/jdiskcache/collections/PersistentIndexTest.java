package io.github.jdiskcache.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.pickle.PlainData;

class PersistentIndexTest {
    @TempDir
    Path directory;

    /** Map's methods at random on the index and on a LinkedHashMap: same answers, same order. */
    @Test
    void behavesLikeLinkedHashMapUnderRandomOperations() {
        Random random = new Random(13);
        try (PersistentIndex<Object, Object> index = PersistentIndex.open(directory)) {
            Map<Object, Object> oracle = new LinkedHashMap<>();
            for (int step = 0; step < 1500; step++) {
                Object key = random.nextBoolean() ? (Object) (long) random.nextInt(8) : "k" + random.nextInt(8);
                Object value = random.nextBoolean() ? (Object) (long) random.nextInt(100) : "v" + random.nextInt(100);
                int operation = random.nextInt(10);
                String what = "step " + step + ", operation " + operation;
                switch (operation) {
                    case 0, 1 -> assertEquals(oracle.put(key, value), index.put(key, value), what);
                    case 2 -> assertEquals(oracle.get(key), index.get(key), what);
                    case 3 -> assertEquals(oracle.remove(key), index.remove(key), what);
                    case 4 -> assertEquals(oracle.containsKey(key), index.containsKey(key), what);
                    case 5 -> assertEquals(oracle.putIfAbsent(key, value), index.putIfAbsent(key, value), what);
                    case 6 -> assertEquals(oracle.containsValue(value), index.containsValue(value), what);
                    case 7 -> {
                        Iterator<Map.Entry<Object, Object>> mine = index.entrySet().iterator();
                        Iterator<Map.Entry<Object, Object>> theirs = oracle.entrySet().iterator();
                        while (theirs.hasNext()) {
                            Map.Entry<Object, Object> expected = theirs.next();
                            Map.Entry<Object, Object> actual = mine.next();
                            assertEquals(expected, actual, what);
                            if (expected.getValue() instanceof Long) {
                                theirs.remove();
                                mine.remove();
                            } else {
                                assertEquals(expected.setValue("set " + step), actual.setValue("set " + step), what);
                            }
                        }
                        assertFalse(mine.hasNext(), what);
                    }
                    case 8 -> {
                        if (!oracle.isEmpty()) {
                            boolean last = random.nextBoolean();
                            Map.Entry<Object, Object> expected = last ? List.copyOf(oracle.entrySet()).get(oracle.size() - 1)
                                    : oracle.entrySet().iterator().next();
                            expected = Map.entry(expected.getKey(), expected.getValue());
                            assertEquals(expected, index.popItem(last), what);
                            oracle.remove(expected.getKey());
                        }
                    }
                    default -> {
                        if (random.nextInt(10) == 0) {
                            index.clear();
                            oracle.clear();
                        }
                    }
                }
                assertEquals(oracle.size(), index.size(), what);
                assertEquals(oracle.entrySet().size(), index.entrySet().size(), what);
                assertEquals(new ArrayList<>(oracle.entrySet()), new ArrayList<>(index.entrySet()), what);
                assertEquals(oracle, index, what);
                assertEquals(oracle.hashCode(), index.hashCode(), what);
            }
        }
    }

    @Test
    void peekAndPopItemOnAnEmptyIndexThrow() {
        try (PersistentIndex<String, String> index = PersistentIndex.open(directory)) {
            assertThrows(NoSuchElementException.class, () -> index.peekItem(true));
            assertThrows(NoSuchElementException.class, () -> index.popItem(false));
            assertThrows(NullPointerException.class, () -> index.put(null, "v"));
            assertThrows(NullPointerException.class, () -> index.put("k", null));
            assertNull(index.get(null));
        }
    }

    @Test
    void pushAndPullKeepQueuesByPrefixBesideOrdinaryKeys() {
        try (PersistentIndex<String, String> index = PersistentIndex.open(directory)) {
            index.put("plain", "p");
            assertEquals(500_000_000_000_000L, index.push("a", null, Shard.Side.BACK));
            assertEquals("fruit-500000000000000", index.push("apple", "fruit", Shard.Side.BACK));
            assertEquals("fruit-499999999999999", index.push("fig", "fruit", Shard.Side.FRONT));
            assertEquals(Map.entry("fruit-499999999999999", "fig"), index.pull("fruit", Shard.Side.FRONT));
            assertEquals(Map.entry(500_000_000_000_000L, "a"), index.pull(null, Shard.Side.FRONT));
            assertNull(index.pull(null, Shard.Side.BACK));
            assertEquals("p", index.get("plain"));
        }
    }

    @Test
    void memoizeRunsTheFunctionOncePerArgumentUnderPythonsKey() {
        try (PersistentIndex<Object, Object> index = PersistentIndex.open(directory)) {
            AtomicInteger calls = new AtomicInteger();
            Function<Integer, Long> square = index.memoize("square", x -> {
                calls.incrementAndGet();
                return (long) x * x;
            });
            assertEquals(49L, square.apply(7));
            assertEquals(49L, square.apply(7));
            assertEquals(1, calls.get());
            assertEquals(49L, index.get(PlainData.tuple("square", 7L, null)), "Python's key: (name, *args, None)");
        }
    }

    @Test
    void integerKeysAreTheLongsPythonWrites() {
        try (PersistentIndex<Object, Object> index = PersistentIndex.open(directory)) {
            index.put(1, "one");
            assertEquals("one", index.get(1L));
            assertTrue(index.containsKey(1));
            assertEquals("one", index.remove(1));
        }
    }

    @Test
    void aFanoutCachesNamedCacheAndIndexLiveInPythonsFolders() {
        try (FanoutCache cache = FanoutCache.open(directory)) {
            Shard named = cache.cache("sessions");
            named.set("abc", 123L);
            assertEquals(123L, cache.cache("sessions").get("abc"), "the same cache for the same name");
            assertFalse(cache.contains("abc"), "apart from the fanout's own shards");
            PersistentIndex.of(cache, "users").put("u", "x");
            assertTrue(Files.isRegularFile(directory.resolve("cache/sessions/cache.db")));
            assertTrue(Files.isRegularFile(directory.resolve("index/users/cache.db")));
        }
    }
}
