package io.github.jdiskcache.store;

import java.io.ObjectInputFilter;

/**
 * Refuses, before it is allocated, an array the stored bytes cannot hold: a primitive array's
 * elements are all in the stream, so they cannot need more bytes than it has; a reference array
 * (or a collection's table, checked the same way) may claim at most {@value #REFERENCES_PER_BYTE}
 * slots per stored byte, which leaves room for hash tables sized ahead of their entries. Without it
 * a 27-byte value claiming two billion longs fails every read with an {@code OutOfMemoryError}.
 * Remembers the class the delegate refused, to name it.
 */
final class LengthBoundFilter implements ObjectInputFilter {
    private static final long REFERENCES_PER_BYTE = 4;
    private static final long SMALLEST_TABLE = 16;

    private final ObjectInputFilter delegate;
    private final long streamLength;
    private String refused;

    LengthBoundFilter(ObjectInputFilter delegate, long streamLength) {
        this.delegate = delegate;
        this.streamLength = streamLength;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        Class<?> type = info.serialClass();
        if (type != null && type.isArray() && info.arrayLength() > maxLength(type.getComponentType())) {
            refused = "an array of " + info.arrayLength() + " " + type.getComponentType().getName()
                    + " in " + streamLength + " stored bytes";
            return Status.REJECTED;
        }
        Status status = delegate == null ? Status.UNDECIDED : delegate.checkInput(info);
        if (status == Status.REJECTED && refused == null) {
            refused = type == null ? "the stream's limits (depth, references)" : type.getName();
        }
        return status;
    }

    /** What was refused (a class name, an oversized array), or null. */
    String refused() {
        return refused;
    }

    private long maxLength(Class<?> component) {
        if (!component.isPrimitive()) {
            return REFERENCES_PER_BYTE * streamLength + SMALLEST_TABLE;
        }
        return streamLength / bytesOf(component);
    }

    private static int bytesOf(Class<?> primitive) {
        if (primitive == long.class || primitive == double.class) {
            return 8;
        }
        if (primitive == int.class || primitive == float.class) {
            return 4;
        }
        if (primitive == short.class || primitive == char.class) {
            return 2;
        }
        return 1;
    }
}
