package io.github.jdiskcache.store.pickle;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plain data as Python writes it ({@code repr}): {@code ('a', 1, None)}, {@code [True]},
 * {@code {'k': b'\x00'}}, {@code {1.5}}, {@code set()}. What the CLI shows for a pickled key or
 * value, since Java's {@code toString} cannot tell a tuple from a list or {@code 'a'} from {@code a}.
 */
public final class PythonRepr {
    private PythonRepr() {
    }

    /** @throws IllegalArgumentException when the value is not {@linkplain PlainData plain data} */
    public static String of(Object value) {
        StringBuilder out = new StringBuilder();
        append(value, out);
        return out.toString();
    }

    private static void append(Object value, StringBuilder out) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean flag) {
            out.append(flag ? "True" : "False");
        } else if (value instanceof Long || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double number) {
            out.append(number.isNaN() ? "nan" : number.isInfinite() ? (number > 0 ? "inf" : "-inf") : number.toString());
        } else if (value instanceof String text) {
            appendStr(text, out);
        } else if (value instanceof byte[] bytes) {
            appendBytes(bytes, out);
        } else if (value instanceof Map<?, ?> dict) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : dict.entrySet()) {
                out.append(separator);
                append(entry.getKey(), out);
                out.append(": ");
                append(entry.getValue(), out);
                separator = ", ";
            }
            out.append('}');
        } else if (value instanceof Set<?> set) {
            if (set.isEmpty()) {
                out.append("set()");
            } else {
                appendAll(set.iterator(), '{', '}', out);
            }
        } else if (PlainData.isTuple(value)) {
            List<?> tuple = (List<?>) value;
            appendAll(tuple.iterator(), '(', tuple.size() == 1 ? ",)" : ")", out);
        } else if (value instanceof List<?> list) {
            appendAll(list.iterator(), '[', ']', out);
        } else {
            throw new IllegalArgumentException("not plain data: " + value.getClass().getName());
        }
    }

    private static void appendAll(Iterator<?> items, char open, Object close, StringBuilder out) {
        out.append(open);
        while (items.hasNext()) {
            append(items.next(), out);
            if (items.hasNext()) {
                out.append(", ");
            }
        }
        out.append(close);
    }

    private static void appendStr(String text, StringBuilder out) {
        out.append('\'');
        text.codePoints().forEach(codePoint -> {
            switch (codePoint) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(codePoint) || !Character.isDefined(codePoint)
                            || Character.getType(codePoint) == Character.SURROGATE) {
                        out.append(codePoint <= 0xFF ? String.format("\\x%02x", codePoint)
                                : codePoint <= 0xFFFF ? String.format("\\u%04x", codePoint)
                                : String.format("\\U%08x", codePoint));
                    } else {
                        out.appendCodePoint(codePoint);
                    }
                }
            }
        });
        out.append('\'');
    }

    private static void appendBytes(byte[] bytes, StringBuilder out) {
        out.append("b'");
        for (byte b : bytes) {
            int c = b & 0xFF;
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        out.append((char) c);
                    } else {
                        out.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        out.append('\'');
    }
}
