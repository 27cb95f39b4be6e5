package io.github.jdiskcache.store.pickle;

import static io.github.jdiskcache.store.pickle.Opcodes.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Python's unpickler restricted to plain data: a loop over opcodes with a stack, a mark stack and
 * a memo, never recursion, never a lookup of a name. Every length is checked against the bytes
 * left and every container grows by at most one item per opcode, so memory stays proportional to
 * the input. Hashing is the one place Java recurses while loading (a tuple as a dict key), so the
 * weight and depth of tuples and frozensets are tracked to bound it, and {@link GraphBounds}
 * checks the result before anyone else walks it.
 */
final class PickleReader {
    private final byte[] in;
    private int position;
    private final List<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;
    private final Map<Long, Object> memo = new HashMap<>();
    /** Tuples and frozensets: the only containers Python can hash, so the only ones met as keys. */
    private final Map<Object, Hashable> hashables = new IdentityHashMap<>();
    private final long workLimit;
    private long hashingWork;

    private record Hashable(long weight, int depth, boolean hashable, boolean frozenSet) {
    }

    private PickleReader(byte[] in) {
        this.in = in;
        this.workLimit = GraphBounds.limitFor(in.length);
    }

    static Object read(byte[] pickle) {
        PickleReader reader = new PickleReader(pickle);
        Object value = reader.load();
        GraphBounds.check(value, reader.workLimit);
        return value;
    }

    private Object load() {
        while (true) {
            int opcode = u8();
            switch (opcode) {
                case PROTO -> {
                    int protocol = u8();
                    if (protocol > HIGHEST_PROTOCOL) {
                        throw new PickleRefusedException("pickle protocol " + protocol,
                                "pickle protocol " + protocol + " is newer than 5, the highest this reader knows");
                    }
                }
                case FRAME -> {
                    long size = unsigned(8);
                    if (size > in.length - position) {
                        throw truncated("a FRAME of " + size + " bytes");
                    }
                }
                case STOP -> {
                    return pop();
                }
                case NONE -> push(null);
                case NEWTRUE -> push(Boolean.TRUE);
                case NEWFALSE -> push(Boolean.FALSE);
                case BININT -> push((long) (int) unsigned(4));
                case BININT1 -> push((long) u8());
                case BININT2 -> push(unsigned(2));
                case LONG1 -> push(integer(u8()));
                case LONG4 -> {
                    long size = (int) unsigned(4);
                    if (size < 0) {
                        throw malformed("LONG4 with a negative byte count");
                    }
                    push(integer(size));
                }
                case BINFLOAT -> {
                    long bits = 0;
                    for (byte b : take(8, "BINFLOAT")) {
                        bits = (bits << 8) | (b & 0xFF);
                    }
                    push(Double.longBitsToDouble(bits));
                }
                case SHORT_BINUNICODE -> push(text(u8()));
                case BINUNICODE -> push(text(unsigned(4)));
                case BINUNICODE8 -> push(text(unsigned(8)));
                case SHORT_BINBYTES -> push(take(u8(), "SHORT_BINBYTES"));
                case BINBYTES -> push(take(unsigned(4), "BINBYTES"));
                case BINBYTES8 -> push(take(unsigned(8), "BINBYTES8"));
                case EMPTY_TUPLE -> push(tuple(new Object[0]));
                case TUPLE1, TUPLE2, TUPLE3 -> {
                    Object[] elements = new Object[opcode - TUPLE1 + 1];
                    for (int i = elements.length - 1; i >= 0; i--) {
                        elements[i] = pop();
                    }
                    push(tuple(elements));
                }
                case TUPLE -> push(tuple(popMark().toArray()));
                case EMPTY_LIST -> push(new ArrayList<>());
                case LIST -> push(new ArrayList<>(popMark()));
                case APPEND -> {
                    Object item = pop();
                    list(top(), "APPEND").add(item);
                }
                case APPENDS -> {
                    List<Object> items = popMark();
                    list(top(), "APPENDS").addAll(items);
                }
                case EMPTY_DICT -> push(new LinkedHashMap<>());
                case DICT -> {
                    LinkedHashMap<Object, Object> dict = new LinkedHashMap<>();
                    setItems(dict, popMark(), "DICT");
                    push(dict);
                }
                case SETITEM -> {
                    Object value = pop();
                    Object key = pop();
                    dict(top(), "SETITEM").put(hashed(key), value);
                }
                case SETITEMS -> {
                    List<Object> items = popMark();
                    setItems(dict(top(), "SETITEMS"), items, "SETITEMS");
                }
                case EMPTY_SET -> push(new LinkedHashSet<>());
                case ADDITEMS -> {
                    List<Object> items = popMark();
                    Object target = top();
                    Hashable frozen = hashables.get(target);
                    if (!(target instanceof LinkedHashSet<?>) || frozen != null) {
                        throw malformed("ADDITEMS onto " + describe(target) + ", not a set");
                    }
                    @SuppressWarnings("unchecked")
                    LinkedHashSet<Object> set = (LinkedHashSet<Object>) target;
                    for (Object item : items) {
                        set.add(hashed(item));
                    }
                }
                case FROZENSET -> push(frozenSet(popMark()));
                case MARK -> mark();
                case POP -> {
                    if (markCount > 0 && marks[markCount - 1] == stack.size()) {
                        markCount--; // CPython pops an empty mark as if it were an item
                    } else {
                        pop();
                    }
                }
                case POP_MARK -> popMark();
                case DUP -> push(top());
                case MEMOIZE -> memo.put((long) memo.size(), top());
                case BINPUT -> memo.put((long) u8(), top());
                case LONG_BINPUT -> memo.put(unsigned(4), top());
                case BINGET -> push(memo(u8()));
                case LONG_BINGET -> push(memo(unsigned(4)));
                default -> {
                    String refusal = refusal(opcode);
                    if (refusal != null) {
                        throw new PickleRefusedException("pickle opcode " + refusal.split(" ")[0],
                                "refusing a pickle: " + refusal + " (only plain data is read, no code runs)");
                    }
                    throw malformed("unknown opcode 0x" + Integer.toHexString(opcode) + " at byte " + (position - 1));
                }
            }
        }
    }

    // ---------------------------------------------------------------- bytes

    private int u8() {
        if (position >= in.length) {
            throw truncated("the next opcode or argument");
        }
        return in[position++] & 0xFF;
    }

    /** An unsigned little-endian argument; 8-byte ones beyond Long.MAX_VALUE are longer than any input anyway. */
    private long unsigned(int bytes) {
        if (in.length - position < bytes) {
            throw truncated("a " + bytes + "-byte argument");
        }
        long value = LittleEndian.get(in, position, bytes);
        position += bytes;
        return bytes == 8 && value < 0 ? Long.MAX_VALUE : value;
    }

    private byte[] take(long length, String what) {
        if (length > in.length - position) {
            throw truncated(what + " of " + length + " bytes");
        }
        byte[] bytes = Arrays.copyOfRange(in, position, position + (int) length);
        position += (int) length;
        return bytes;
    }

    private String text(long length) {
        if (length > in.length - position) {
            throw truncated("a str of " + length + " bytes");
        }
        String text = Utf8.decode(in, position, (int) length);
        position += (int) length;
        return text;
    }

    /** LONG1/LONG4: little-endian two's complement; a Long when it fits. */
    private Object integer(long length) {
        byte[] littleEndian = take(length, "a LONG");
        if (littleEndian.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < bigEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        BigInteger value = new BigInteger(bigEndian);
        return PlainData.fitsLong(value) ? (Object) value.longValue() : value;
    }

    // ---------------------------------------------------------------- stack

    private void push(Object value) {
        stack.add(value);
    }

    /** The stack above the innermost mark is all an opcode may touch, as in CPython. */
    private int fence() {
        return markCount == 0 ? 0 : marks[markCount - 1];
    }

    private Object pop() {
        if (stack.size() <= fence()) {
            throw malformed("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object top() {
        if (stack.size() <= fence()) {
            throw malformed("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private void mark() {
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, markCount * 2);
        }
        marks[markCount++] = stack.size();
    }

    private List<Object> popMark() {
        if (markCount == 0) {
            throw malformed("no MARK to pop");
        }
        int mark = marks[--markCount];
        List<Object> above = stack.subList(mark, stack.size());
        List<Object> items = new ArrayList<>(above);
        above.clear();
        return items;
    }

    private Object memo(long index) {
        Object value = memo.get(index);
        if (value == null && !memo.containsKey(index)) {
            throw malformed("memo slot " + index + " was never set");
        }
        return value;
    }

    // ---------------------------------------------------------------- containers

    @SuppressWarnings("unchecked")
    private static ArrayList<Object> list(Object target, String opcode) {
        if (target instanceof ArrayList<?> list) {
            return (ArrayList<Object>) list;
        }
        throw malformed(opcode + " onto " + describe(target) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashMap<Object, Object> dict(Object target, String opcode) {
        if (target instanceof LinkedHashMap<?, ?> dict) {
            return (LinkedHashMap<Object, Object>) dict;
        }
        throw malformed(opcode + " onto " + describe(target) + ", not a dict");
    }

    private void setItems(Map<Object, Object> dict, List<Object> items, String opcode) {
        if (items.size() % 2 != 0) {
            throw malformed("an odd number of items for " + opcode);
        }
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(hashed(items.get(i)), items.get(i + 1));
        }
    }

    private Object tuple(Object[] elements) {
        long weight = 1;
        int depth = 0;
        boolean hashable = true;
        for (Object element : elements) {
            Hashable known = hashables.get(element);
            if (known != null) {
                weight += known.weight();
                depth = Math.max(depth, known.depth());
                hashable &= known.hashable();
            } else {
                weight++;
                hashable &= isScalar(element);
            }
        }
        Object tuple = PlainData.tuple(elements);
        hashables.put(tuple, new Hashable(Math.min(weight, workLimit + 1), depth + 1, hashable, false));
        return tuple;
    }

    private Object frozenSet(List<Object> elements) {
        LinkedHashSet<Object> set = new LinkedHashSet<>();
        long weight = 1;
        int depth = 0;
        for (Object element : elements) {
            set.add(hashed(element));
            Hashable known = hashables.get(element);
            weight += known == null ? 1 : known.weight();
            depth = Math.max(depth, known == null ? 0 : known.depth());
        }
        hashables.put(set, new Hashable(Math.min(weight, workLimit + 1), depth + 1, true, true));
        return set;
    }

    /**
     * A dict key or set element, checked before Java hashes it: Python would refuse an unhashable
     * one, and a deep or heavily shared tuple would make Java's recursive hashCode run away.
     */
    private Object hashed(Object key) {
        if (isScalar(key)) {
            return key;
        }
        Hashable known = hashables.get(key);
        if (known == null || !known.hashable()) {
            throw malformed("unhashable " + describe(key) + " as a dict key or set element");
        }
        if (known.depth() > PlainData.MAX_DEPTH) {
            throw new PickleRefusedException("pickle nesting", "a key is nested deeper than "
                    + PlainData.MAX_DEPTH + " levels");
        }
        hashingWork += known.weight();
        if (hashingWork > workLimit) {
            throw GraphBounds.expandsTooFar(workLimit);
        }
        return key;
    }

    private static boolean isScalar(Object value) {
        return value == null || value instanceof Boolean || value instanceof Long || value instanceof BigInteger
                || value instanceof Double || value instanceof String || value instanceof byte[];
    }

    private static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (PlainData.isTuple(value)) {
            return "a tuple";
        }
        if (value instanceof LinkedHashSet<?>) {
            return "a set";
        }
        return "a " + value.getClass().getSimpleName();
    }

    private UnpicklingException truncated(String what) {
        return new UnpicklingException("truncated pickle", "the pickle ends inside " + what + " (at byte "
                + position + " of " + in.length + "): truncated or not a pickle");
    }

    private static UnpicklingException malformed(String what) {
        return new UnpicklingException("malformed pickle", "not a valid pickle: " + what);
    }
}
