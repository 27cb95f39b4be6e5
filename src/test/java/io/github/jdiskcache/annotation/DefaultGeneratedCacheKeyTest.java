package io.github.jdiskcache.annotation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.time.DayOfWeek;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DefaultGeneratedCacheKeyTest {

    @Test
    void equalityAndHashCodeAreDeep() {
        DefaultGeneratedCacheKey key = new DefaultGeneratedCacheKey(new Object[] {"a", 1, new int[] {1, 2}, null});
        DefaultGeneratedCacheKey same = new DefaultGeneratedCacheKey(new Object[] {"a", 1, new int[] {1, 2}, null});
        assertEquals(key, same);
        assertEquals(key.hashCode(), same.hashCode());
        assertNotEquals(key, new DefaultGeneratedCacheKey(new Object[] {"a", 1, new int[] {1, 3}, null}));
        assertNotEquals(key, new DefaultGeneratedCacheKey(new Object[] {"a", 1L, new int[] {1, 2}, null}));
        assertEquals("DefaultGeneratedCacheKey[a, 1, [1, 2], null]", key.toString());
    }

    @Test
    void theKeyIsImmutable() {
        Object[] parameters = {"a"};
        DefaultGeneratedCacheKey key = new DefaultGeneratedCacheKey(parameters);
        parameters[0] = "b";
        assertEquals(new DefaultGeneratedCacheKey(new Object[] {"a"}), key);
    }

    @Test
    void aDeserializedKeyEqualsTheOriginal() throws Exception {
        DefaultGeneratedCacheKey key =
                new DefaultGeneratedCacheKey(new Object[] {"a", DayOfWeek.MONDAY, new long[] {7}});
        Object copy = deserialize(serialize(key));
        assertEquals(key, copy);
        assertEquals(key.hashCode(), copy.hashCode());
    }

    /** The disk cache finds keys by their bytes: equal keys must serialize alike. */
    @Test
    void equalKeysSerializeToTheSameBytes() throws Exception {
        String shared = "same";
        byte[] sharedInstance = serialize(new DefaultGeneratedCacheKey(new Object[] {shared, shared}));
        byte[] distinctInstances = serialize(new DefaultGeneratedCacheKey(new Object[] {"same", new String("same")}));
        assertArrayEquals(sharedInstance, distinctInstances);
    }

    /** An enum's hash code is its identity hash, different in every JVM; it must not reach the bytes. */
    @Test
    void theHashCodeIsNotPartOfTheBytes() throws Exception {
        DefaultGeneratedCacheKey key = new DefaultGeneratedCacheKey(new Object[] {DayOfWeek.FRIDAY});
        byte[] hash = ByteBuffer.allocate(Integer.BYTES).putInt(key.hashCode()).array();
        byte[] bytes = serialize(key);
        for (int i = 0; i + hash.length <= bytes.length; i++) {
            assertFalse(Arrays.equals(bytes, i, i + hash.length, hash, 0, hash.length), "hash code found at " + i);
        }
    }

    private static byte[] serialize(Object object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
