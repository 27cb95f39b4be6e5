package io.github.jdiskcache.collections;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.jdiskcache.store.pickle.PlainData;

/**
 * What a value shared with Python is written as: Java's everyday forms of plain data turned into
 * the classes the pickle mapping keeps ({@link PlainData}), so that {@code 42} and
 * {@code Map.of("k", 1)} reach Python as {@code 42} and {@code {'k': 1}} rather than as Java
 * serialization, which Python reads as {@code None}. Integers of every width become {@code Long}
 * (or {@code BigInteger} beyond 64 bits), {@code Float} a {@code Double}, any {@code Map} a
 * {@code LinkedHashMap}, any {@code List} an {@code ArrayList} (a {@linkplain PlainData#tuple tuple}
 * stays one), any {@code Set} a {@code LinkedHashSet}, keeping their iteration order. A value that
 * does not turn into plain data as a whole is kept as it is (and written with Java serialization).
 */
public final class PythonValues {
    private PythonValues() {
    }

    /** The plain-data form of {@code value} when it has one, else {@code value} itself. */
    public static Object shareable(Object value) {
        Object converted = convert(value, 0);
        return converted != null && PlainData.isPlain(converted) ? converted : value;
    }

    /** Null when some part has no plain form; null elements are kept only inside tuples (Python None). */
    private static Object convert(Object value, int depth) {
        if (value instanceof Long || value instanceof Double || value instanceof String || value instanceof byte[]
                || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float number) {
            return number.doubleValue();
        }
        if (value instanceof BigInteger integer) {
            return integer.bitLength() < Long.SIZE ? (Object) integer.longValue() : integer;
        }
        if (depth >= PlainData.MAX_DEPTH) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> converted = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = convert(entry.getKey(), depth + 1);
                Object item = convert(entry.getValue(), depth + 1);
                if (key == null || item == null) {
                    return null;
                }
                converted.put(key, item);
            }
            return converted;
        }
        if (PlainData.isTuple(value)) {
            List<?> tuple = (List<?>) value;
            Object[] elements = new Object[tuple.size()];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = tuple.get(i) == null ? null : convert(tuple.get(i), depth + 1);
                if (elements[i] == null && tuple.get(i) != null) {
                    return null;
                }
            }
            return PlainData.tuple(elements);
        }
        if (value instanceof List<?> || value instanceof Set<?>) {
            Collection<Object> converted = value instanceof Set<?> ? new LinkedHashSet<>() : new ArrayList<>();
            for (Object element : (Collection<?>) value) {
                Object item = convert(element, depth + 1);
                if (item == null) {
                    return null;
                }
                converted.add(item);
            }
            return converted;
        }
        return null;
    }

    /** Whether a stored element equals what {@code wanted} is written as; byte arrays by content. */
    static boolean sameAs(Object stored, Object wanted) {
        return Objects.deepEquals(stored, shareable(wanted));
    }
}
