package io.github.jdiskcache.reliability;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * The values the crash writer stores, derived only from (key, operation number), so the parent
 * can recompute the exact bytes every acknowledged write must have left, and any stored value
 * carries a checksum that tells a torn or mixed-up value from a merely older one.
 */
final class CrashValues {
    static final int SMALL_KEYS = 16;
    static final int BIG_KEYS = 8;
    static final int MULTI_KEYS = 12;
    static final int SEQ_KEYS = 4;
    static final String COUNTER = "counter";
    private static final int BIG_MIN = 40 * 1024;
    private static final int BIG_SPREAD = 160 * 1024;

    private CrashValues() {
    }

    static String small(int index) {
        return "small-" + index;
    }

    static String big(int index) {
        return "big-" + index;
    }

    static String multi(int index) {
        return "multi-" + index;
    }

    static String seq(int index) {
        return "seq-" + index;
    }

    /** Every key the writer may touch. */
    static java.util.List<String> allKeys() {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < SMALL_KEYS; i++) {
            keys.add(small(i));
        }
        for (int i = 0; i < BIG_KEYS; i++) {
            keys.add(big(i));
        }
        for (int i = 0; i < MULTI_KEYS; i++) {
            keys.add(multi(i));
        }
        for (int i = 0; i < SEQ_KEYS; i++) {
            keys.add(seq(i));
        }
        keys.add(COUNTER);
        return keys;
    }

    /** Multi keys with an index divisible by 4 get file-backed values, so putAll mixes both kinds. */
    static boolean multiIsBig(String key) {
        return Integer.parseInt(key.substring("multi-".length())) % 4 == 0;
    }

    /** The value a PUT/PUTALL of {@code key} by operation {@code op} stores. */
    static Object valueFor(String key, long op) {
        if (key.startsWith("big-") || (key.startsWith("multi-") && multiIsBig(key))) {
            return bigValue(key, op);
        }
        return smallValue(key, op);
    }

    static String smallValue(String key, long op) {
        String body = "s|" + key + "|" + op;
        return body + "|" + crc(body.getBytes(StandardCharsets.UTF_8));
    }

    /** 40–200 KiB: op number, length, pseudo-random bytes seeded by (key, op), CRC32 of all before it. */
    static byte[] bigValue(String key, long op) {
        long seed = key.hashCode() * 1_000_003L + op;
        SplittableRandom random = new SplittableRandom(seed);
        int length = BIG_MIN + random.nextInt(BIG_SPREAD);
        byte[] bytes = new byte[length];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.putLong(op);
        buffer.putInt(length);
        for (int i = 12; i < length - 8; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length - 8);
        buffer.putLong(length - 8, crc.getValue());
        return bytes;
    }

    /** The value of a sequence key after its {@code n}-th increment. */
    static String seqValue(String key, long n) {
        String body = "q|" + key + "|" + n;
        return body + "|" + crc(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The number in a well-formed sequence value, or -1 if it is not one. */
    static long seqNumber(String key, Object value) {
        if (!(value instanceof String text)) {
            return -1;
        }
        String[] parts = text.split("\\|");
        if (parts.length != 4 || !parts[0].equals("q") || !parts[1].equals(key)) {
            return -1;
        }
        try {
            long n = Long.parseLong(parts[2]);
            return seqValue(key, n).equals(text) ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a stored value is internally consistent (its checksum holds), whatever write it came from. */
    static boolean selfConsistent(String key, Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof byte[] bytes) {
            if (bytes.length < 20) {
                return false;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (buffer.getInt(8) != bytes.length) {
                return false;
            }
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, bytes.length - 8);
            return buffer.getLong(bytes.length - 8) == crc.getValue();
        }
        if (value instanceof Long) {
            return key.equals(COUNTER);
        }
        if (value instanceof String text) {
            if (key.startsWith("seq-")) {
                return seqNumber(key, text) >= 0;
            }
            int bar = text.lastIndexOf('|');
            return bar > 0 && text.substring(bar + 1).equals(
                    Long.toString(crc(text.substring(0, bar).getBytes(StandardCharsets.UTF_8))));
        }
        return false;
    }

    static String describe(Object value) {
        if (value == null) {
            return "absent";
        }
        if (value instanceof byte[] bytes) {
            String op = bytes.length >= 8 ? Long.toString(ByteBuffer.wrap(bytes).getLong(0)) : "?";
            return "byte[" + bytes.length + "] of op " + op;
        }
        return value.getClass().getSimpleName() + " " + value;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
