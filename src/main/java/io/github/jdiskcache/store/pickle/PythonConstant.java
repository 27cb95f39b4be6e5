package io.github.jdiskcache.store.pickle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;

/**
 * Python objects that diskcache puts into keys and that a pickle can only make by importing: the
 * types of plain data (what {@code typed=True} appends to a memoized call's key) and diskcache's
 * {@code ENOVAL} (ending {@code memoize_stampede}'s marker key). Java writes them into pickled keys
 * exactly as CPython does ({@link Pickles#dumpKeyIfPlain}), so both sides find the same key; it never
 * reads them, since the reader refuses every import: a key holding one is found by its bytes only.
 */
public enum PythonConstant {
    NONE_TYPE("NoneType"),
    BOOL("bool"),
    INT("int"),
    FLOAT("float"),
    STR("str"),
    BYTES("bytes"),
    TUPLE("tuple"),
    LIST("list"),
    DICT("dict"),
    SET("set"),
    /** {@code diskcache.core.ENOVAL}, {@code Constant('ENOVAL')}: a tuple subclass made by NEWOBJ. */
    ENOVAL("ENOVAL");

    private final String pythonName;

    PythonConstant(String pythonName) {
        this.pythonName = pythonName;
    }

    /** The name in its module: a type's name in {@code builtins}, or {@code ENOVAL}. */
    String pythonName() {
        return pythonName;
    }

    /**
     * Python's {@code type(value)} of a plain value as its pickle would make it (see {@link PlainData}).
     *
     * @throws IllegalArgumentException when {@code value} is not {@linkplain PlainData#isPlain plain}
     */
    public static PythonConstant typeOf(Object value) {
        if (!PlainData.isPlain(value)) {
            throw new IllegalArgumentException("not plain data, so no Python type: " + value.getClass().getName());
        }
        if (value == null) {
            return NONE_TYPE;
        }
        if (value instanceof Boolean) {
            return BOOL;
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return INT;
        }
        if (value instanceof Double) {
            return FLOAT;
        }
        if (value instanceof String) {
            return STR;
        }
        if (value instanceof byte[]) {
            return BYTES;
        }
        if (value instanceof ArrayList<?>) {
            return LIST;
        }
        if (value instanceof LinkedHashMap<?, ?>) {
            return DICT;
        }
        return value instanceof LinkedHashSet<?> ? SET : TUPLE;
    }
}
