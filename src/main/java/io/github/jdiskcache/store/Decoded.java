package io.github.jdiskcache.store;

/**
 * What decoding a stored value found. Only {@link Damaged} bytes may ever be removed by a read:
 * they are wrong for every reader. {@link UnreadableHere} bytes may be fine for another process,
 * another version of the application or Python, so a read treats them as a miss and leaves them.
 */
sealed interface Decoded {
    /** The value. */
    record Value(Object value) implements Decoded {
    }

    /** Bytes no reader can turn into the value: a value file missing or of the wrong size, a stream of no known format. */
    record Damaged(String reason) implements Decoded {
    }

    /**
     * Bytes this process cannot read: a class it lacks or that changed, a class its filter refuses,
     * a Python pickle. {@code subject} names the cause briefly (a class name), so it is logged once.
     */
    record UnreadableHere(String subject, String reason) implements Decoded {
    }
}
