package io.github.jdiskcache.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;

/**
 * diskcache's {@code Disk.hash}: the shard of a key is this value modulo the shard count. It is
 * computed on the encoded key, so Python and Java pick the same shard for String, byte[], Long and
 * Double keys. Integers use a floor modulo by 2^32 - 1 (not 2^32), as Python's {@code %} does.
 */
final class ShardHash {
    private static final long MASK = 0xFFFFFFFFL;

    private ShardHash() {
    }

    static long of(DbKey key) {
        Object value = key.sqlValue();
        if (value instanceof Long number) {
            return Math.floorMod(number, MASK);
        }
        if (value instanceof String text) {
            return adler32(text.getBytes(StandardCharsets.UTF_8));
        }
        if (value instanceof Double number) {
            return adler32(ByteBuffer.allocate(Double.BYTES).putDouble(number).array());
        }
        return adler32((byte[]) value);
    }

    private static long adler32(byte[] bytes) {
        Adler32 checksum = new Adler32();
        checksum.update(bytes);
        return checksum.getValue() & MASK;
    }
}
