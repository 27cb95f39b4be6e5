package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.pickle.PlainData;

/**
 * Pickled entries in a shard, as Python's diskcache writes them: a plain-data pickle reads as its
 * Java value, inline or in a value file, as a value or as a key; any other pickle is unreadable here
 * and left on disk.
 */
class PickledEntriesTest {
    private static final HexFormat HEX = HexFormat.of();
    /** CPython 3.11: pickle.dumps({'k': [1, None], 'big': 2**70}, 5). */
    private static final String DICT = "80059521000000000000007d94288c016b945d94284b014e658c03626967948a"
            + "09000000000000000040752e";
    /** pickletools.optimize(pickle.dumps(('tuple', 1), 5)): how diskcache stores that key. */
    private static final String TUPLE_KEY = "8005950b000000000000008c057475706c654b01862e";
    /** pickle.dumps(complex(1, 2), 5): builtins.complex called by REDUCE. */
    private static final String COMPLEX = "8005952e000000000000008c086275696c74696e73948c07636f6d706c6578949394"
            + "473ff0000000000000474000000000000000869452942e";

    @TempDir
    Path directory;

    private Shard shard;

    @BeforeEach
    void open() {
        shard = Shard.open(directory, Settings.none(), StoreOptions.defaults());
    }

    @AfterEach
    void close() {
        shard.close();
    }

    @Test
    void aPlainDataPickleReadsAsItsJavaValue() throws Exception {
        shard.set("py", "placeholder");
        execute("UPDATE Cache SET mode = 4, value = ? WHERE key = 'py'", bytes(DICT));
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put("k", new ArrayList<>(java.util.Arrays.asList(1L, null)));
        expected.put("big", java.math.BigInteger.ONE.shiftLeft(70));
        assertEquals(expected, shard.get("py"));
        assertInstanceOf(LinkedHashMap.class, shard.get("py"));
        assertEquals(expected, shard.getEntry("py").value());
        assertTrue(shard.contains("py"));
        assertEquals(0, shard.unreadableReadCount());
    }

    @Test
    void aPickleInAValueFileReadsToo() throws Exception {
        byte[] pickle = bytes(DICT);
        Path file = directory.resolve("ab/cd/0123456789abcdef0123456789ab.val");
        Files.createDirectories(file.getParent());
        Files.write(file, pickle);
        shard.set("py", "placeholder");
        execute("UPDATE Cache SET mode = 4, value = NULL, filename = 'ab/cd/0123456789abcdef0123456789ab.val', size = "
                + pickle.length + " WHERE key = 'py'");
        assertInstanceOf(LinkedHashMap.class, shard.get("py"));
    }

    @Test
    void aPickleThatCallsIsAMissAndStaysOnDisk() throws Exception {
        shard.set("py", "placeholder");
        byte[] pickle = bytes(COMPLEX);
        execute("UPDATE Cache SET mode = 4, value = ? WHERE key = 'py'", pickle);
        assertNull(shard.get("py"));
        assertNull(shard.getEntry("py"));
        assertFalse(shard.contains("py"));
        assertEquals(1, shard.size());
        assertEquals(0, shard.damagedEntryCount());
        assertEquals(3, shard.unreadableReadCount());
        assertTrue(shard.check(true).isEmpty());
        assertArrayEquals(pickle, storedValue("py"));
    }

    @Test
    void aPickledTupleKeyIsIteratedAsAnUnmodifiableList() throws Exception {
        shard.set("placeholder", "value of a Python tuple key");
        execute("UPDATE Cache SET key = ?, raw = 0 WHERE key = 'placeholder'", bytes(TUPLE_KEY));
        List<Object> keys = new ArrayList<>();
        for (Iterator<Object> all = shard.keys(); all.hasNext(); ) {
            keys.add(all.next());
        }
        assertEquals(List.of(PlainData.tuple("tuple", 1L)), keys);
        assertTrue(PlainData.isTuple(keys.get(0)));
    }

    // ---------------------------------------------------------------- helpers

    static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }

    private byte[] storedValue(String key) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cache.db"));
             ResultSet row = connection.createStatement()
                     .executeQuery("SELECT value FROM Cache WHERE key = '" + key + "'")) {
            assertTrue(row.next(), "the row of " + key + " is gone");
            return row.getBytes(1);
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
