package io.github.jdiskcache.store.pickle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Iterator;
import java.util.Map;

/** Plain data compared as a pickle must bring it back: equal, of the same classes all the way down, maps in order. */
public final class PlainDataAssertions {
    private PlainDataAssertions() {
    }

    public static void assertSameData(Object expected, Object actual) {
        if (expected == null || actual == null) {
            assertSame(expected, actual);
            return;
        }
        assertEquals(expected.getClass(), actual.getClass(), () -> "class of " + actual);
        if (expected instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) actual);
        } else if (expected instanceof Map<?, ?> map) {
            Iterator<? extends Map.Entry<?, ?>> others = ((Map<?, ?>) actual).entrySet().iterator();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Map.Entry<?, ?> other = others.next();
                assertSameData(entry.getKey(), other.getKey());
                assertSameData(entry.getValue(), other.getValue());
            }
            assertFalse(others.hasNext());
        } else if (expected instanceof java.util.Set<?>) {
            assertEquals(expected, actual, "sets, in any order");
        } else if (expected instanceof Iterable<?> items) {
            Iterator<?> others = ((Iterable<?>) actual).iterator();
            for (Object item : items) {
                assertSameData(item, others.next());
            }
            assertFalse(others.hasNext());
        } else {
            assertEquals(expected, actual);
        }
    }
}
