package io.github.jdiskcache.store.pickle;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * CPython's memo for the {@link PythonConstant}s of a key, as {@code pickletools.optimize} leaves it:
 * CPython memoizes each global, its module name and each made object, and a repeat (the second
 * {@code int} of a typed key, {@code builtins} of every type after the first) is written as a
 * reference; optimize then keeps only the entries referenced again, numbered in order. So a
 * counting pass over the key finds the referenced entries, and the writing pass memoizes just them.
 */
final class ConstantMemo {
    /** Entries met again; found by the counting pass, read by the writing pass. */
    private final Set<Object> referenced;
    private final boolean counting;
    /** Counting: every entry written; writing: the memoized entries and their indexes. */
    private final Map<Object, Integer> written = new HashMap<>();

    private ConstantMemo(Set<Object> referenced, boolean counting) {
        this.referenced = referenced;
        this.counting = counting;
    }

    static ConstantMemo counting() {
        return new ConstantMemo(new HashSet<>(), true);
    }

    /** The memo for writing the key this one counted. */
    ConstantMemo forWriting() {
        return new ConstantMemo(referenced, false);
    }

    /** The memo index of an entry met before, or -1 when it is to be written now. */
    int indexOf(Object entry) {
        Integer index = written.get(entry);
        if (index == null) {
            return -1;
        }
        if (counting) {
            referenced.add(entry);
        }
        return index;
    }

    /** Records an entry just written; true when it must be memoized (MEMOIZE) because it is met again. */
    boolean remember(Object entry) {
        if (counting) {
            written.put(entry, 0);
            return false;
        }
        if (!referenced.contains(entry)) {
            return false;
        }
        written.put(entry, written.size());
        return true;
    }
}
