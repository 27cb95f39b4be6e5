package io.github.jdiskcache.cli;

import java.io.PrintStream;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;

import io.github.jdiskcache.store.pickle.PlainData;
import io.github.jdiskcache.store.pickle.PythonRepr;

/**
 * How keys and values look on the terminal. Keys are always one line of text, so the types that
 * are not strings get a rendering that says what they are; values are written as they are, bytes
 * raw, so {@code get DIR KEY > file} recovers a binary value exactly. Plain data in collections
 * (what Python pickles: tuples, lists, dicts, sets) and booleans are written as Python writes
 * them, {@code ('job', 1)}, since Java's {@code toString} cannot tell a tuple from a list or
 * {@code 'a'} from {@code a}.
 */
final class ValueRenderer {
    static final String BYTES_PREFIX = "bytes:";

    private ValueRenderer() {
    }

    static String keyText(Object key) {
        if (key instanceof String text) {
            return text;
        }
        if (key instanceof Long || key instanceof Double) {
            return key.toString();
        }
        if (key instanceof byte[] bytes) {
            return BYTES_PREFIX + HexFormat.of().formatHex(bytes);
        }
        if (key instanceof Undecoded undecoded) {
            return undecoded.toString();
        }
        if (isPlainStructure(key)) {
            return PythonRepr.of(key);
        }
        return key + " (" + key.getClass().getName() + ")";
    }

    /** Text gets a newline like any command output; bytes get nothing appended. */
    static void writeValue(Object value, PrintStream out) {
        if (value instanceof byte[] bytes) {
            out.write(bytes, 0, bytes.length);
            out.flush();
        } else if (isPlainStructure(value)) {
            out.println(PythonRepr.of(value));
        } else {
            out.println(value);
        }
    }

    private static boolean isPlainStructure(Object value) {
        return (value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof Boolean)
                && PlainData.isPlain(value);
    }
}
