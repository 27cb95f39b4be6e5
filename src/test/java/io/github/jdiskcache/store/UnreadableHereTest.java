package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value this process cannot turn into an object (a class it lacks, a class that changed, a value
 * its filter refuses, a Python pickle) is a miss here and stays on disk for the readers that can
 * read it; only bytes damaged for every reader are removed.
 */
class UnreadableHereTest {
    /** pickle.dumps(complex(1, 2)): it calls builtins.complex, so Java refuses it (plain-data pickles are read). */
    private static final String CALLING_PICKLE = "x'8005952e000000000000008c086275696c74696e73948c07636f6d706c6578949394"
            + "473ff0000000000000474000000000000000869452942e'";

    @TempDir
    Path directory;

    private Shard shard;

    record Order(String id) implements Serializable {
    }

    /** Its readObject fails the way a reader out of stack would. */
    static final class Exploding implements Serializable {
        private void readObject(ObjectInputStream in) throws IOException {
            throw new StackOverflowError("simulated while reading");
        }
    }

    @BeforeEach
    void open() {
        shard = Shard.open(directory, Settings.none(), StoreOptions.defaults());
    }

    @AfterEach
    void close() {
        shard.close();
    }

    @Test
    void aClassThisProcessLacksIsAMissAndStaysOnDisk() throws Exception {
        shard.set("o1", new Order("o1"));
        shard.set("fine", new Order("fine"));
        byte[] planted = withClassName(serialized(new Order("o1")), Order.class.getName(),
                Order.class.getName().replace("Order", "Ordex"));
        plant("o1", planted);

        assertNull(shard.get("o1"), "a class this JVM lacks is a miss");
        assertNull(shard.getEntry("o1"));
        assertNull(shard.lookup("o1"));
        assertNull(shard.use("o1"));
        assertFalse(shard.contains("o1"), "containsKey-style reads miss it too");
        assertNull(shard.pop("o1"), "pop cannot hand it out, so it must not take it");
        shard.compute("o1", current -> {
            assertNull(current.value());
            return EntryChange.keep();
        });
        assertEquals(new Order("fine"), shard.get("fine"));

        assertArrayEquals(planted, storedBytes("o1"), "the bytes are still there for readers that have the class");
        assertEquals(0, shard.damagedEntryCount());
        assertTrue(shard.unreadableReadCount() >= 7, "each read that met it is counted");
        assertTrue(shard.check(true).isEmpty(), "the repair finds nothing wrong with it either");
        assertArrayEquals(planted, storedBytes("o1"));

        shard.set("o1", new Order("new"));
        assertEquals(new Order("new"), shard.get("o1"), "a later write replaces it");
    }

    @Test
    void aPythonPickleIsAMissForEveryReadAndStaysOnDisk() throws Exception {
        shard.set("py", "placeholder");
        execute("UPDATE Cache SET mode = 4, value = " + CALLING_PICKLE + " WHERE key = 'py'");
        assertNull(shard.get("py"));
        assertNull(shard.getEntry("py"));
        assertNull(shard.lookup("py"));
        assertFalse(shard.contains("py"));
        assertEquals(1, shard.size());
        assertEquals(0, shard.damagedEntryCount());
        assertEquals(4L, column("SELECT mode FROM Cache WHERE key = 'py'"));
    }

    @Test
    void queueReadsStepOverWhatTheyCannotReadAndLeaveIt() throws Exception {
        Object first = shard.push("front", null, Shard.Side.BACK, null, null);
        shard.push("second", null, Shard.Side.BACK, null, null);
        execute("UPDATE Cache SET mode = 4, value = " + CALLING_PICKLE + " WHERE key = " + first);
        assertEquals("second", shard.peek(null, Shard.Side.FRONT).value());
        assertEquals("second", shard.peekItem(false).value());
        assertEquals("second", shard.pull(null, Shard.Side.FRONT).value());
        assertNull(shard.pull(null, Shard.Side.FRONT));
        assertEquals(1, shard.size(), "the item Java cannot read is still queued for Python");
    }

    /** A cache configured with another Serializer writes such bytes; its own readers still need them. */
    @Test
    void bytesThatAreNoJavaSerializationStreamAreAMissAndStayOnDisk() throws Exception {
        shard.set("other", new Order("other"));
        byte[] foreign = "bytes of another serializer".getBytes(StandardCharsets.UTF_8);
        plant("other", foreign);
        assertNull(shard.get("other"));
        assertFalse(shard.contains("other"));
        assertTrue(shard.check(true).isEmpty(), "the repair leaves them too");
        assertArrayEquals(foreign, storedBytes("other"));
        assertEquals(0, shard.damagedEntryCount());
        assertTrue(shard.unreadableReadCount() >= 2);
    }

    @Test
    void anArrayLongerThanItsStoredBytesIsRefusedWithoutAllocatingIt() throws Exception {
        byte[] bomb = serialized(new long[0]);
        assertEquals(27, bomb.length);
        ByteBuffer.wrap(bomb, bomb.length - 4, 4).putInt(Integer.MAX_VALUE);
        shard.set("bomb", new Order("placeholder"));
        plant("bomb", bomb);
        assertNull(shard.get("bomb"), "a 27-byte value claiming 2^31-1 longs is refused, not allocated");
        assertNull(shard.get("bomb"));
        assertEquals(1, shard.size());
    }

    @Test
    void anErrorWhileDecodingIsAStoreExceptionAndKeepsTheValue() throws Exception {
        shard.set("boom", new Order("placeholder"));
        plant("boom", serialized(new Exploding()));
        StoreException failure = assertThrows(StoreException.class, () -> shard.get("boom"));
        assertInstanceOf(StackOverflowError.class, failure.getCause());
        assertEquals(1, shard.size());
    }

    @Test
    void iterationSkipsKeysThisProcessCannotRead() throws Exception {
        shard.set("a", "1");
        shard.set(new Order("key"), "2");
        execute("UPDATE Cache SET key = ? WHERE raw = 2",
                withClassName(serialized(new Order("key")), Order.class.getName(),
                        Order.class.getName().replace("Order", "Ordex")));
        List<Object> keys = new ArrayList<>();
        for (Iterator<Object> all = shard.keys(); all.hasNext(); ) {
            keys.add(all.next());
        }
        assertEquals(List.of("a"), keys);
        assertEquals(2, shard.size());
    }

    static byte[] serialized(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** The stream as a JVM with a class of another (same-length) name would have written it. */
    static byte[] withClassName(byte[] stream, String from, String to) {
        byte[] name = from.getBytes(StandardCharsets.UTF_8);
        byte[] other = to.getBytes(StandardCharsets.UTF_8);
        assertEquals(name.length, other.length);
        outer:
        for (int i = 0; i <= stream.length - name.length; i++) {
            for (int j = 0; j < name.length; j++) {
                if (stream[i + j] != name[j]) {
                    continue outer;
                }
            }
            byte[] copy = stream.clone();
            System.arraycopy(other, 0, copy, i, other.length);
            return copy;
        }
        throw new AssertionError("class name not found in the stream");
    }

    private void plant(String key, byte[] value) throws Exception {
        execute("UPDATE Cache SET mode = 5, filename = NULL, size = 0, value = ? WHERE key = '" + key + "'", value);
    }

    private byte[] storedBytes(String key) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cache.db"));
             ResultSet row = connection.createStatement()
                     .executeQuery("SELECT value FROM Cache WHERE key = '" + key + "'")) {
            assertTrue(row.next(), "the row of " + key + " is gone");
            return row.getBytes(1);
        }
    }

    private Object column(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cache.db"));
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            assertTrue(row.next());
            return ((Number) row.getObject(1)).longValue();
        }
    }

    private void execute(String sql, byte[]... parameters) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cache.db"));
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setBytes(i + 1, parameters[i]);
            }
            assertEquals(1, statement.executeUpdate(), sql);
        }
    }
}
