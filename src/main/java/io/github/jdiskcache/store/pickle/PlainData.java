package io.github.jdiskcache.store.pickle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java side of Python's plain data, the values a pickle carries without importing anything:
 *
 * <table>
 *   <caption>Python type and Java class</caption>
 *   <tr><th>Python</th><th>Java (read)</th><th>Java written as it</th></tr>
 *   <tr><td>None</td><td>null</td><td>null</td></tr>
 *   <tr><td>bool</td><td>Boolean</td><td>Boolean</td></tr>
 *   <tr><td>int</td><td>Long, or BigInteger beyond 64 bits</td><td>Long, BigInteger beyond 64 bits</td></tr>
 *   <tr><td>float</td><td>Double</td><td>Double</td></tr>
 *   <tr><td>str</td><td>String</td><td>String</td></tr>
 *   <tr><td>bytes</td><td>byte[]</td><td>byte[]</td></tr>
 *   <tr><td>tuple</td><td>{@link #tuple unmodifiable List}</td><td>the same classes</td></tr>
 *   <tr><td>list</td><td>ArrayList</td><td>ArrayList</td></tr>
 *   <tr><td>dict</td><td>LinkedHashMap</td><td>LinkedHashMap</td></tr>
 *   <tr><td>set, frozenset</td><td>LinkedHashSet</td><td>LinkedHashSet (as a set)</td></tr>
 * </table>
 *
 * <p>A Java graph is plain ({@link #isPlain}) when a pickle of it reads back as equal objects of
 * the same classes and Python can load it: exactly the classes above (no subclasses, no
 * {@code Integer}, {@code HashMap} or {@code TreeMap}), dict keys and set elements that Python can
 * hash (no lists, dicts, sets or bytes) and that stay distinct under Python's equality
 * ({@code 1L}, {@code 1.0} and {@code true} are one key there), no collection held twice or inside
 * itself (a pickle would copy it), and at most {@link #MAX_DEPTH} collections deep.
 */
public final class PlainData {
    /** Python's pickler stops near its recursion limit (1000); the reader refuses deeper values. */
    public static final int MAX_DEPTH = 1000;

    private static final Class<?> EMPTY_TUPLE = List.of().getClass();
    private static final Class<?> SHORT_TUPLE = List.of(0).getClass();
    private static final Class<?> PAIR_TUPLE = List.of(0, 0).getClass();
    private static final Class<?> LONG_TUPLE = List.of(0, 0, 0).getClass();
    private static final Class<?> TUPLE_WITH_NONE = Collections.unmodifiableList(new ArrayList<>()).getClass();
    private static final Object PYTHON_NONE = new Object();

    private PlainData() {
    }

    /**
     * A Python tuple: {@code List.of(elements)}, or an unmodifiable list when an element is null
     * (None), which {@code List.of} does not hold. Tuples read from pickles are made here, so a
     * tuple made here is written back as a tuple.
     */
    public static List<Object> tuple(Object... elements) {
        for (Object element : elements) {
            if (element == null) {
                return Collections.unmodifiableList(Arrays.asList(elements.clone()));
            }
        }
        return List.of(elements);
    }

    /** Whether the list is of the class {@link #tuple} makes for its elements, so it is written as a tuple. */
    public static boolean isTuple(Object value) {
        if (!(value instanceof List<?> list)) {
            return false;
        }
        Class<?> type = list.getClass();
        if (type != EMPTY_TUPLE && type != SHORT_TUPLE && type != PAIR_TUPLE && type != LONG_TUPLE
                && type != TUPLE_WITH_NONE) {
            return false;
        }
        boolean holdsNone = false;
        for (Object element : list) {
            holdsNone |= element == null;
        }
        if (holdsNone) {
            return type == TUPLE_WITH_NONE;
        }
        return type == switch (list.size()) {
            case 0 -> EMPTY_TUPLE;
            case 1 -> SHORT_TUPLE;
            case 2 -> PAIR_TUPLE;
            default -> LONG_TUPLE;
        };
    }

    /** Whether a pickle of {@code value} reads back as equal objects of the same classes (see the class comment). */
    public static boolean isPlain(Object value) {
        return new Walk(false).plain(value, 0);
    }

    /** How a key may be pickled: not at all, as plain data, or as plain data with {@link PythonConstant}s among it. */
    enum KeyForm { NOT_PLAIN, PLAIN, WITH_CONSTANTS }

    /** A key's form: {@link #isPlain} but for constants, which are written by reference and never read back. */
    static KeyForm keyForm(Object key) {
        Walk walk = new Walk(true);
        if (!walk.plain(key, 0)) {
            return KeyForm.NOT_PLAIN;
        }
        return walk.metConstant ? KeyForm.WITH_CONSTANTS : KeyForm.PLAIN;
    }

    /** Whether a Java Long can hold the integer, which is how the reader decides between Long and BigInteger. */
    static boolean fitsLong(BigInteger integer) {
        return integer.bitLength() < Long.SIZE;
    }

    private static final class Walk {
        /** Collections met so far: one met twice is shared or holds itself. */
        private final Set<Object> collections = Collections.newSetFromMap(new IdentityHashMap<>());
        private final boolean constantsAllowed;
        private boolean metConstant;

        Walk(boolean constantsAllowed) {
            this.constantsAllowed = constantsAllowed;
        }

        boolean plain(Object value, int depth) {
            if (value instanceof PythonConstant) {
                metConstant = true;
                return constantsAllowed;
            }
            if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Double
                    || value instanceof String || value instanceof byte[]) {
                return true;
            }
            if (value instanceof BigInteger integer) {
                return integer.getClass() == BigInteger.class && !fitsLong(integer);
            }
            boolean list = value.getClass() == ArrayList.class;
            boolean tuple = !list && isTuple(value);
            boolean map = value.getClass() == LinkedHashMap.class;
            boolean set = value.getClass() == LinkedHashSet.class;
            if (!(list || tuple || map || set) || depth >= MAX_DEPTH) {
                return false;
            }
            // An empty one can neither hold itself nor expand, and List.of() is one shared instance.
            boolean empty = map ? ((Map<?, ?>) value).isEmpty() : ((Collection<?>) value).isEmpty();
            if (!empty && !collections.add(value)) {
                return false;
            }
            if (map) {
                Set<Object> keys = new HashSet<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    if (!plain(entry.getKey(), depth + 1) || !hashable(entry.getKey())
                            || !keys.add(pythonKey(entry.getKey())) || !plain(entry.getValue(), depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
            if (set) {
                Set<Object> elements = new HashSet<>();
                for (Object element : (Set<?>) value) {
                    if (!plain(element, depth + 1) || !hashable(element) || !elements.add(pythonKey(element))) {
                        return false;
                    }
                }
                return true;
            }
            for (Object element : (List<?>) value) {
                if (!plain(element, depth + 1)) {
                    return false;
                }
            }
            return true;
        }

    }

    /**
     * Whether Python can hash a plain value (so it can be a dict key or a set element) and Java's
     * equality of it matches Python's: not bytes, which Java compares by identity. Only for values
     * {@link Walk#plain} accepted, which are trees of bounded depth.
     */
    private static boolean hashable(Object key) {
        if (key instanceof byte[]) {
            return false;
        }
        if (isTuple(key)) {
            for (Object element : (List<?>) key) {
                if (!hashable(element)) {
                    return false;
                }
            }
            return true;
        }
        return !(key instanceof Collection<?> || key instanceof Map<?, ?>);
    }

    /**
     * What Python's dict compares: numbers by value across bool, int and float (True == 1 == 1.0,
     * 0.0 == -0.0), tuples element by element, anything else as Java does.
     */
    private static Object pythonKey(Object key) {
        if (key == null) {
            return PYTHON_NONE;
        }
        if (key instanceof Boolean flag) {
            return flag ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (key instanceof Long number) {
            return BigInteger.valueOf(number);
        }
        if (key instanceof Double number && Double.isFinite(number) && number == Math.rint(number)) {
            return new BigDecimal(number).toBigIntegerExact();
        }
        if (key instanceof List<?> tuple) {
            List<Object> elements = new ArrayList<>(tuple.size());
            tuple.forEach(element -> elements.add(pythonKey(element)));
            return elements;
        }
        return key;
    }
}
