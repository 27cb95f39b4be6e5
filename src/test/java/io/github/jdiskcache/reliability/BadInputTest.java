package io.github.jdiskcache.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.cli.Main;
import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FanoutCache;

/** Every bad input gets a typed, clear error, and nothing already stored is lost or changed. */
class BadInputTest {
    @TempDir
    Path directory;

    private CacheManager manager;
    private Cache<String, Object> cache;

    /** A value that cannot be serialized because of what it holds. */
    static final class Holder implements Serializable {
        final Object content;

        Holder(Object content) {
            this.content = content;
        }
    }

    /** The "new version" of a stored class: its serialVersionUID no longer matches what is on disk. */
    static final class Evolving implements Serializable {
        private static final long serialVersionUID = 2L;
        final String name;

        Evolving(String name) {
            this.name = name;
        }
    }

    @BeforeEach
    void open() {
        manager = new DiskCachingProvider().getCacheManager(directory.toUri(), getClass().getClassLoader());
        cache = manager.createCache("c", new MutableConfiguration<String, Object>().setTypes(String.class, Object.class));
        cache.put("kept", "original");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void nullsAreNullPointerExceptions() {
        assertThrows(NullPointerException.class, () -> cache.put(null, "v"));
        assertThrows(NullPointerException.class, () -> cache.put("k", null));
        assertThrows(NullPointerException.class, () -> cache.get(null));
        Set<String> withNullKey = new java.util.HashSet<>();
        withNullKey.add(null);
        assertThrows(NullPointerException.class, () -> cache.getAll(withNullKey));
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("a", 1L);
        withNull.put("b", null);
        assertThrows(NullPointerException.class, () -> cache.putAll(withNull));
        assertFalse(cache.containsKey("a"), "putAll checks every entry before storing any");
        assertThrows(NullPointerException.class, () -> cache.replace("kept", null, "x"));
        assertThrows(NullPointerException.class, () -> cache.invoke("kept", null));
        assertUntouched();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void wrongTypesAreClassCastExceptions() {
        Cache raw = manager.createCache("typed", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        raw.put("k", "v");
        assertThrows(ClassCastException.class, () -> raw.put(1L, "v"));
        assertThrows(ClassCastException.class, () -> raw.put("k", 1L));
        assertThrows(ClassCastException.class, () -> raw.putIfAbsent("n", 2L));
        assertThrows(ClassCastException.class, () -> raw.getAndPut("k", List.of()));
        assertThrows(ClassCastException.class, () -> raw.replace("k", "v", 3L));
        assertEquals("v", raw.get("k"));
    }

    @Test
    void nonSerializableValuesStoreNothingAndNameTheClass() {
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> cache.put("x", new Object()));
        assertTrue(plain.getMessage().contains("java.lang.Object"), plain.getMessage());
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> cache.put("x", new Holder(new Thread())));
        assertTrue(nested.getMessage().contains("java.lang.Thread"), nested.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cache.put("kept", new Object()));
        assertFalse(cache.containsKey("x"));
        assertUntouched();
    }

    @Test
    void anEntryLargerThanTheCacheIsRefusedNotSilentlyDropped() {
        Cache<String, byte[]> small = manager.createCache("small", new DiskCacheConfiguration<String, byte[]>()
                .setTypes(String.class, byte[].class).setShards(1).setSizeLimit(100_000));
        small.put("fits", new byte[10]);
        CacheException refused = assertThrows(CacheException.class, () -> small.put("huge", new byte[200_000]));
        assertTrue(refused.getMessage().contains("size limit"), refused.getMessage());
        assertFalse(small.containsKey("huge"));
        assertEquals(10, small.get("fits").length);
    }

    @Test
    void aStoredObjectWhoseClassChangedIsAMissKeptForTheOtherVersionAndCounted() throws Exception {
        cache.put("old", new Evolving("v1"));
        plantWithOtherSerialVersionUid("old", new Evolving("v1"));
        assertNull(cache.get("old"), "an incompatible class is a miss, not an exception");
        assertNull(cache.get("old"), "and stays one: never a crash loop");
        assertFalse(cache.containsKey("old"), "a value this version cannot read is not contained");
        FanoutCache store = cache.unwrap(FanoutCache.class);
        assertEquals(2, store.size(), "the other version's entry stays: a rolling deploy must not erase it");
        assertEquals(0, store.damagedEntryCount());
        assertEquals(3, store.unreadableReadCount());
        cache.put("old", new Evolving("v2"));
        assertEquals("v2", ((Evolving) cache.get("old")).name, "the key is usable again");
        assertUntouched();
    }

    @Test
    void cliArgumentsStayKeysAndValuesNeverPaths() throws Exception {
        Path cli = directory.resolve("cli-cache");
        String escaping = "../../outside.txt";
        int exit = Main.run(new String[] {"set", cli.toString(), escaping, "value"}, System.out, System.err);
        assertEquals(0, exit);
        try (Stream<Path> siblings = Files.list(directory)) {
            assertTrue(siblings.noneMatch(path -> path.getFileName().toString().equals("outside.txt")));
        }
        assertFalse(Files.exists(directory.getParent().resolve("outside.txt")));
        try (FanoutCache store = FanoutCache.open(cli)) {
            assertEquals("value", store.get(escaping));
        }
        assertEquals(1, Main.run(new String[] {"get", directory.resolve("no-such-cache").toString(), "k"},
                System.out, System.err), "a folder that is not a cache is an error, not created");
        assertFalse(Files.exists(directory.resolve("no-such-cache")));
    }

    private void assertUntouched() {
        assertEquals("original", cache.get("kept"));
    }

    /** Rewrites the stored bytes as an older version of the class would have written them. */
    private void plantWithOtherSerialVersionUid(String key, Serializable value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        byte[] stream = bytes.toByteArray();
        byte[] name = Evolving.class.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = indexOf(stream, name) + name.length;
        ByteBuffer.wrap(stream, at, 8).putLong(1L);
        Path database = cache.unwrap(FanoutCache.class).shardFor(key).directory().resolve("cache.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             PreparedStatement update = connection.prepareStatement("UPDATE Cache SET value = ? WHERE key = ?")) {
            update.setBytes(1, stream);
            update.setString(2, key);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("class name not found in the stream");
    }
}
