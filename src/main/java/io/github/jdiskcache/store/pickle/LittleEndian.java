package io.github.jdiskcache.store.pickle;

/** Pickle's fixed-size integer arguments are little-endian. */
final class LittleEndian {
    private LittleEndian() {
    }

    static void put(byte[] target, int offset, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            target[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    static long get(byte[] source, int offset, int bytes) {
        long value = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            value = (value << 8) | (source[offset + i] & 0xFF);
        }
        return value;
    }
}
