package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPagesTest {
    /** More rows than one page holds, and not a multiple of it. */
    private static final long ROWS = 2L * Culler.BATCH + 50;

    @TempDir
    Path directory;

    private ShardParts parts;
    private KeyPages keyPages;

    @BeforeEach
    void open() {
        parts = new ShardParts(directory, false);
        keyPages = parts.keyPages;
    }

    @AfterEach
    void close() {
        parts.close();
    }

    private void set(Object key, Double expireSeconds) {
        parts.entries.set(key, 1L, expireSeconds, null);
    }

    @Test
    void everyPageIsVisitedInInsertionOrderBothWays() {
        // Inserted in descending key order, so insertion order and key order differ.
        for (long i = ROWS - 1; i >= 0; i--) {
            set(i, null);
        }
        List<Object> ascending = LongStream.range(0, ROWS).boxed().map(Object.class::cast).toList();
        List<Object> descending = LongStream.range(0, ROWS).map(i -> ROWS - 1 - i).boxed().map(Object.class::cast)
                .toList();
        assertEquals(descending, toList(keyPages.inInsertionOrder(false, false)));
        assertEquals(ascending, toList(keyPages.inInsertionOrder(true, false)));
        assertEquals(ascending, toList(keyPages.inKeyOrder(false)));
        assertEquals(descending, toList(keyPages.inKeyOrder(true)));
    }

    @Test
    void rowsAddedDuringIterationAreNotVisitedInInsertionOrder() {
        for (long i = 0; i < ROWS; i++) {
            set(i, null);
        }
        Iterator<Object> forward = keyPages.inInsertionOrder(false, false);
        Iterator<Object> backward = keyPages.inInsertionOrder(true, false);
        List<Object> seen = new ArrayList<>(List.of(forward.next()));
        List<Object> seenBackward = new ArrayList<>(List.of(backward.next()));
        for (long i = 0; i < ROWS; i++) {
            set("added " + i, null);
        }
        forward.forEachRemaining(seen::add);
        backward.forEachRemaining(seenBackward::add);
        assertEquals(ROWS, seen.size());
        assertEquals(ROWS, seenBackward.size());
        assertTrue(seen.stream().allMatch(Long.class::isInstance), "no row added after the start: " + seen);
        assertTrue(seenBackward.stream().allMatch(Long.class::isInstance));
    }

    @Test
    void keyOrderIsNumbersThenTextThenBytes() {
        set("b", null);
        set(new byte[] {1}, null);
        set(3L, null);
        set("a", null);
        set(2.5d, null);
        set(new byte[] {0}, null);
        List<Object> sorted = toList(keyPages.inKeyOrder(false));
        assertEquals(List.of(2.5d, 3L, "a", "b"), sorted.subList(0, 4));
        assertEquals(0, ((byte[]) sorted.get(4))[0]);
        assertEquals(1, ((byte[]) sorted.get(5))[0]);
        assertEquals(List.of("b", "a", 3L, 2.5d), toList(keyPages.inKeyOrder(true)).subList(2, 6));
    }

    // Moved from ShardTest.

    @Test
    void iterationOrders() {
        set("b", null);
        set(3L, null);
        set("a", null);
        set(new byte[] {0}, null);
        parts.entries.set("b", 2L, null, null); // overwrite keeps insertion position
        assertEquals(List.of("b", 3L, "a"), strip(toList(keyPages.inInsertionOrder(false, false))));
        assertEquals(List.of("a", 3L, "b"), strip(toList(keyPages.inInsertionOrder(true, false))).subList(0, 3));
        assertEquals(List.of(3L, "a", "b"), strip(toList(keyPages.inKeyOrder(false))));
        assertEquals(List.of("b", "a", 3L), strip(toList(keyPages.inKeyOrder(true))));
    }

    @Test
    void iterationPagesThroughManyRowsAndFiltersExpired() {
        for (long i = 0; i < 250; i++) {
            parts.entries.set(i, i, i % 2 == 0 ? 1.0 : null, null);
        }
        parts.clock.advance(Duration.ofSeconds(2));
        assertEquals(250, toList(keyPages.inInsertionOrder(false, false)).size());
        List<Object> live = toList(keyPages.inInsertionOrder(false, true));
        assertEquals(125, live.size());
        assertEquals(1L, live.get(0));
        assertEquals(250, toList(keyPages.inKeyOrder(false)).size());
    }

    private static List<Object> toList(Iterator<Object> iterator) {
        List<Object> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }

    private static List<Object> strip(List<Object> keys) {
        return keys.stream().filter(key -> !(key instanceof byte[])).toList();
    }
}
