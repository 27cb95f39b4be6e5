package io.github.jdiskcache.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.EvictionPolicy;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Settings;

class PersistentDequeTest {
    @TempDir
    Path directory;

    /** Every Deque method, at random, on the persistent deque and on the JDK's ArrayDeque: they never differ. */
    @Test
    void behavesLikeArrayDequeUnderRandomOperations() {
        Random random = new Random(13);
        try (PersistentDeque<Object> deque = PersistentDeque.open(directory.resolve("d"))) {
            Deque<Object> oracle = new ArrayDeque<>();
            for (int step = 0; step < 1500; step++) {
                Object value = random.nextBoolean() ? (Object) (long) random.nextInt(6) : "s" + random.nextInt(6);
                int operation = random.nextInt(22);
                String what = "step " + step + ", operation " + operation;
                switch (operation) {
                    case 0 -> { deque.addFirst(value); oracle.addFirst(value); }
                    case 1 -> { deque.addLast(value); oracle.addLast(value); }
                    case 2 -> assertEquals(oracle.offerFirst(value), deque.offerFirst(value), what);
                    case 3 -> assertEquals(oracle.offerLast(value), deque.offerLast(value), what);
                    case 4 -> assertEquals(outcome(oracle::removeFirst), outcome(deque::removeFirst), what);
                    case 5 -> assertEquals(outcome(oracle::removeLast), outcome(deque::removeLast), what);
                    case 6 -> assertEquals(oracle.pollFirst(), deque.pollFirst(), what);
                    case 7 -> assertEquals(oracle.pollLast(), deque.pollLast(), what);
                    case 8 -> assertEquals(outcome(oracle::getFirst), outcome(deque::getFirst), what);
                    case 9 -> assertEquals(outcome(oracle::getLast), outcome(deque::getLast), what);
                    case 10 -> assertEquals(oracle.peekFirst(), deque.peekFirst(), what);
                    case 11 -> assertEquals(oracle.peekLast(), deque.peekLast(), what);
                    case 12 -> assertEquals(oracle.removeFirstOccurrence(value), deque.removeFirstOccurrence(value), what);
                    case 13 -> assertEquals(oracle.removeLastOccurrence(value), deque.removeLastOccurrence(value), what);
                    case 14 -> assertEquals(oracle.contains(value), deque.contains(value), what);
                    case 15 -> { deque.push(value); oracle.push(value); }
                    case 16 -> assertEquals(outcome(oracle::pop), outcome(deque::pop), what);
                    case 17 -> assertEquals(oracle.poll(), deque.poll(), what);
                    case 18 -> assertEquals(oracle.offer(value), deque.offer(value), what);
                    case 19 -> removeEveryOther(oracle.iterator(), deque.iterator(), what);
                    case 20 -> removeEveryOther(oracle.descendingIterator(), deque.descendingIterator(), what);
                    default -> {
                        if (random.nextInt(10) == 0) {
                            deque.clear();
                            oracle.clear();
                        }
                    }
                }
                assertEquals(oracle.size(), deque.size(), what);
                assertEquals(new ArrayList<>(oracle), new ArrayList<>(deque), what);
            }
            List<Object> descending = new ArrayList<>();
            deque.descendingIterator().forEachRemaining(descending::add);
            List<Object> expected = new ArrayList<>();
            oracle.descendingIterator().forEachRemaining(expected::add);
            assertEquals(expected, descending);
        }
    }

    private static void removeEveryOther(Iterator<Object> oracle, Iterator<Object> deque, String what) {
        boolean remove = false;
        while (oracle.hasNext()) {
            assertTrue(deque.hasNext(), what);
            assertEquals(oracle.next(), deque.next(), what);
            if (remove) {
                oracle.remove();
                deque.remove();
            }
            remove = !remove;
        }
        assertFalse(deque.hasNext(), what);
    }

    /** The element, or the exception's class for an empty deque. */
    private static Object outcome(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (NoSuchElementException e) {
            return NoSuchElementException.class;
        }
    }

    @Test
    void itemsSurviveReopeningInTheirOrder() {
        try (PersistentDeque<String> deque = PersistentDeque.open(directory)) {
            deque.addLast("b");
            deque.addLast("c");
            deque.addFirst("a");
        }
        try (PersistentDeque<String> deque = PersistentDeque.open(directory)) {
            assertEquals(List.of("a", "b", "c"), new ArrayList<>(deque));
        }
    }

    @Test
    void valuesAreWrittenInTheirPythonFormAndFoundByIt() {
        try (PersistentDeque<Object> deque = PersistentDeque.open(directory)) {
            deque.add(42);
            deque.add(Map.of("k", 1));
            deque.add(List.of(1.5f));
            assertTrue(deque.contains(42), "an Integer finds the Long it was written as");
            Map<Object, Object> dict = new LinkedHashMap<>();
            dict.put("k", 1L);
            assertEquals(List.of(42L, dict, new ArrayList<>(List.of(1.5d))), new ArrayList<>(deque));
            assertTrue(deque.remove(Map.of("k", 1)));
            assertEquals(List.of(42L, new ArrayList<>(List.of(1.5d))), new ArrayList<>(deque));
        }
    }

    @Test
    void rotateMovesItemsAsPythonsRotateDoes() {
        try (PersistentDeque<Long> deque = PersistentDeque.open(directory)) {
            for (long i = 0; i < 5; i++) {
                deque.addLast(i);
            }
            deque.rotate(2);
            assertEquals(List.of(3L, 4L, 0L, 1L, 2L), new ArrayList<>(deque));
            deque.rotate(-1);
            assertEquals(List.of(4L, 0L, 1L, 2L, 3L), new ArrayList<>(deque));
            deque.rotate(9);
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), new ArrayList<>(deque));
            deque.rotate(-12);
            assertEquals(List.of(2L, 3L, 4L, 0L, 1L), new ArrayList<>(deque));
        }
    }

    @Test
    void aBoundedViewDropsItemsFromTheOtherEnd() {
        try (PersistentDeque<Long> deque = PersistentDeque.open(directory)) {
            for (long i = 0; i < 5; i++) {
                deque.addLast(i);
            }
            PersistentDeque<Long> bounded = deque.withMaxLength(3);
            assertEquals(List.of(2L, 3L, 4L), new ArrayList<>(deque), "items beyond the bound leave from the front");
            bounded.addLast(5L);
            assertEquals(List.of(3L, 4L, 5L), new ArrayList<>(deque));
            bounded.addFirst(9L);
            assertEquals(List.of(9L, 3L, 4L), new ArrayList<>(deque));
            assertTrue(bounded.add(6L), "add always adds, and drops from the front");
            assertEquals(List.of(3L, 4L, 6L), new ArrayList<>(deque));
            PersistentDeque<Long> none = deque.withMaxLength(0);
            assertEquals(List.of(), new ArrayList<>(deque));
            none.addLast(7L);
            assertEquals(0, deque.size(), "a bound of 0 keeps nothing, as Python's maxlen=0");
            assertThrows(IllegalArgumentException.class, () -> deque.withMaxLength(-1));
        }
    }

    @Test
    void nullIsRefusedAndFindsNothing() {
        try (PersistentDeque<String> deque = PersistentDeque.open(directory)) {
            assertThrows(NullPointerException.class, () -> deque.addLast(null));
            assertThrows(NullPointerException.class, () -> deque.offerFirst(null));
            assertFalse(deque.contains(null));
            assertFalse(deque.remove(null));
            assertEquals(0, deque.size());
        }
    }

    @Test
    void aFanoutCachesDequeLivesInPythonsFolderAndIsOpenedAsPythonOpensIt() {
        try (FanoutCache cache = FanoutCache.open(directory)) {
            PersistentDeque<String> jobs = PersistentDeque.of(cache, "jobs");
            jobs.add("a");
            assertSame(cache.dequeShard("jobs"), jobs.shard(), "one shard per name");
            assertTrue(Files.isRegularFile(directory.resolve("deque").resolve("jobs").resolve("cache.db")));
            assertEquals(EvictionPolicy.LEAST_RECENTLY_STORED.settingValue(),
                    jobs.shard().settings().get(Settings.EVICTION_POLICY),
                    "FanoutCache.deque opens its Cache with diskcache's defaults");
            PersistentDeque<String> nested = PersistentDeque.of(cache, "a/b");
            nested.add("x");
            assertTrue(Files.isRegularFile(directory.resolve("deque/a/b/cache.db")), "'/' makes sub-folders");
            for (String bad : List.of("", "..", "a/../b", "a//b", "/a")) {
                assertThrows(IllegalArgumentException.class, () -> PersistentDeque.of(cache, bad), bad);
            }
        }
        try (PersistentDeque<String> own = PersistentDeque.open(directory.resolve("own"))) {
            assertEquals(EvictionPolicy.NONE.settingValue(), own.shard().settings().get(Settings.EVICTION_POLICY),
                    "Deque(directory=...) opens with eviction_policy 'none'");
        }
    }
}
