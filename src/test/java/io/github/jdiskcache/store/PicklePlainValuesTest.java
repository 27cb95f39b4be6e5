package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.pickle.PlainData;
import io.github.jdiskcache.store.pickle.Pickles;

/**
 * The store option {@code picklePlainValues}: off, values keep Java serialization (mode 5); on, a
 * value (or key) whose whole graph reads back as equal objects of the same classes is written as a
 * pickle, Python's mode 4 (raw=0 for keys), at the shard's pickle protocol; anything else keeps
 * Java serialization.
 */
class PicklePlainValuesTest {
    private static final StoreOptions PICKLING = StoreOptions.defaults().withPicklePlainValues(true);

    @TempDir
    Path directory;

    @Test
    void offByDefaultPlainDataIsStillJavaSerialized() throws Exception {
        assertEquals(false, StoreOptions.defaults().picklePlainValues());
        try (Shard shard = Shard.open(directory, Settings.none(), StoreOptions.defaults())) {
            shard.set("list", new ArrayList<>(List.of(1L)));
            shard.set(PlainData.tuple("job", 1L), "tuple keyed");
        }
        assertEquals(5L, column("SELECT mode FROM Cache WHERE key = 'list'"));
        assertEquals(1L, column("SELECT count(*) FROM Cache WHERE raw = 2"));
    }

    @Test
    void plainValuesArePickledAndReadBackAsTheSameClasses() throws Exception {
        LinkedHashMap<Object, Object> dict = new LinkedHashMap<>();
        dict.put("k", new ArrayList<>(List.of(1L, "two")));
        dict.put(PlainData.tuple("t", null), new LinkedHashSet<>(List.of(2.5, true)));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("dict", dict);
        values.put("tuple", PlainData.tuple("a", 1L));
        values.put("bool", true);
        values.put("big", BigInteger.ONE.shiftLeft(80));
        values.put("nan", Double.NaN);
        values.put("large", new ArrayList<>(List.of("x".repeat(40_000)))); // beyond disk_min_file_size: a file
        try (Shard shard = Shard.open(directory, Settings.none(), PICKLING)) {
            values.forEach(shard::set);
            values.forEach((key, value) -> {
                Object read = shard.get(key);
                assertEquals(value, read, key);
                assertEquals(value.getClass(), read.getClass(), key);
            });
        }
        assertEquals(6L, column("SELECT count(*) FROM Cache WHERE mode = 4"));
        assertEquals(1L, column("SELECT count(*) FROM Cache WHERE mode = 4 AND filename IS NOT NULL AND size > 40000"));
        assertArrayEquals(Pickles.dumps(dict, 5), bytes("SELECT value FROM Cache WHERE key = 'dict'"));
    }

    @Test
    void whatWouldNotComeBackTheSameKeepsJavaSerialization() throws Exception {
        try (Shard shard = Shard.open(directory, Settings.none(), PICKLING)) {
            shard.set("integers", new ArrayList<>(List.of(1, 2)));
            shard.set("tree", new TreeMap<>(Map.of("k", 1L)));
            shard.set("immutable map", Map.of("k", 1L));
            assertInstanceOf(TreeMap.class, shard.get("tree"));
            assertEquals(List.of(1, 2), shard.get("integers"));
        }
        assertEquals(3L, column("SELECT count(*) FROM Cache WHERE mode = 5"));
    }

    @Test
    void plainKeysArePickledAsPythonPicklesThemAndFoundAgain() throws Exception {
        List<Object> key = PlainData.tuple("job", 1L);
        try (Shard shard = Shard.open(directory, Settings.none(), PICKLING)) {
            shard.set(key, "tuple keyed");
            assertEquals("tuple keyed", shard.get(PlainData.tuple("job", 1L)));
            Iterator<Object> keys = shard.keys();
            assertEquals(key, keys.next());
        }
        assertEquals(0L, column("SELECT raw FROM Cache"));
        assertArrayEquals(Pickles.dumps(key, 5), bytes("SELECT key FROM Cache"));
    }

    @Test
    void theShardsPickleProtocolIsUsedAndBelowFourNothingIsPickled() throws Exception {
        Settings protocol4 = Settings.builder().set(Settings.DISK_PICKLE_PROTOCOL, "4").build();
        try (Shard shard = Shard.open(directory.resolve("p4"), protocol4, PICKLING)) {
            shard.set("v", PlainData.tuple(1L));
        }
        assertArrayEquals(Pickles.dumps(PlainData.tuple(1L), 4), bytes(directory.resolve("p4"), "SELECT value FROM Cache"));
        Settings protocol3 = Settings.builder().set(Settings.DISK_PICKLE_PROTOCOL, "3").build();
        try (Shard shard = Shard.open(directory.resolve("p3"), protocol3, PICKLING)) {
            shard.set("v", PlainData.tuple(1L));
            shard.set(PlainData.tuple(2L), "k");
        }
        assertEquals(5L, column(directory.resolve("p3"), "SELECT mode FROM Cache WHERE key = 'v'"));
        assertEquals(1L, column(directory.resolve("p3"), "SELECT count(*) FROM Cache WHERE raw = 2"));
    }

    @Test
    void aFanoutCacheRoutesAPickledKeyByItsPickle() {
        Settings protocol4 = Settings.builder().set(Settings.DISK_PICKLE_PROTOCOL, "4").build();
        List<Object> key = PlainData.tuple("job", 7L);
        try (FanoutCache cache = FanoutCache.open(directory, 8, protocol4, PICKLING)) {
            cache.set(key, "routed");
            DbKey expected = new DbKey(Pickles.dumps(key, 4), DbKey.PICKLED, key);
            assertEquals(FanoutLayout.shardName((int) (ShardHash.of(expected) % 8)),
                    cache.shardFor(key).directory().getFileName().toString());
            assertEquals("routed", cache.get(key));
            assertTrue(cache.contains(key));
        }
    }

    private Object column(String sql) throws Exception {
        return column(directory, sql);
    }

    private static Object column(Path shard, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + shard.resolve("cache.db"));
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            assertTrue(row.next(), sql);
            return ((Number) row.getObject(1)).longValue();
        }
    }

    private byte[] bytes(String sql) throws Exception {
        return bytes(directory, sql);
    }

    private static byte[] bytes(Path shard, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + shard.resolve("cache.db"));
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            assertTrue(row.next(), sql);
            return row.getBytes(1);
        }
    }
}
