package io.github.jdiskcache.jcache;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.testing.ChildJvm;

/**
 * A value this process cannot deserialize (a class it lacks, a class its filter refuses, a Python
 * pickle) is a miss for get, getAll and containsKey, is skipped by iteration, and stays on disk
 * for the processes that can read it. An error while decoding is a CacheException.
 */
class UnreadableValuesTest {
    @TempDir
    Path work;

    public record Order(String id) implements Serializable {
    }

    /** Its readObject fails as a reader that ran out of stack would. */
    public static final class Exploding implements Serializable {
        private void readObject(ObjectInputStream in) throws IOException {
            throw new StackOverflowError("simulated while reading");
        }
    }

    private CacheManager manager() {
        return new DiskCachingProvider().getCacheManager(work.resolve("caches").toUri(), getClass().getClassLoader());
    }

    @Test
    void unreadableValuesAreMissesSkippedByIterationAndKeptOnDisk() throws Exception {
        try (CacheManager manager = manager()) {
            Cache<String, Order> orders = manager.createCache("orders",
                    new MutableConfiguration<String, Order>().setTypes(String.class, Order.class));
            orders.put("lacking", new Order("lacking"));
            orders.put("pickled", new Order("pickled"));
            orders.put("fine", new Order("fine"));
            FanoutCache store = orders.unwrap(FanoutCache.class);
            plant(store, "lacking", "mode = 5, value = ?", renamed(serialized(new Order("lacking"))));
            // pickle.dumps(complex(1, 2)): a pickle that calls (builtins.complex), which Java does not read.
            plant(store, "pickled", "mode = 4, value = ?", java.util.HexFormat.of().parseHex("8005952e000000000000008c08"
                    + "6275696c74696e73948c07636f6d706c6578949394473ff0000000000000474000000000000000869452942e"));

            assertNull(orders.get("lacking"));
            assertNull(orders.get("pickled"));
            assertEquals(Map.of("fine", new Order("fine")), orders.getAll(Set.of("lacking", "pickled", "fine")));
            assertFalse(orders.containsKey("lacking"));
            assertFalse(orders.containsKey("pickled"));
            List<String> iterated = new ArrayList<>();
            orders.forEach(entry -> iterated.add(entry.getKey()));
            assertEquals(List.of("fine"), iterated);
            boolean exists = orders.<Boolean>invoke("lacking", (entry, arguments) -> entry.exists());
            assertFalse(exists, "an entry processor sees no entry");
            assertFalse(orders.replace("lacking", new Order("replaced")), "replace needs a value it can see");

            assertEquals(3, store.size(), "nothing was removed for a reader that can read it");
            assertEquals(0, store.damagedEntryCount());
            assertTrue(store.unreadableReadCount() >= 8, "each read that met one is counted");

            orders.put("lacking", new Order("rewritten"));
            assertEquals(new Order("rewritten"), orders.get("lacking"), "a later write replaces it");
            assertTrue(orders.remove("pickled"), "an explicit remove still removes it");
            assertEquals(2, store.size());
        }
    }

    @Test
    void aJvmWhoseFilterRefusesTheClassLeavesTheValueToTheOthers() throws Exception {
        try (CacheManager manager = manager()) {
            Cache<String, Object> orders = manager.createCache("orders", new MutableConfiguration<String, Object>());
            orders.put("key-0", new Order("o-0"));
        }
        String read = ChildJvm.start(work,
                List.of("-D" + DefaultDirectory.PROPERTY + "=" + work.resolve("caches"),
                        "-Djdk.serialFilter=!" + Order.class.getName()),
                JCacheWorker.class, "read", "orders", "1").awaitSuccess(3, TimeUnit.MINUTES);
        assertFalse(read.contains("Order["), "the refusing JVM reads a miss: " + read);
        try (CacheManager manager = manager()) {
            Cache<String, Object> orders = manager.getCache("orders");
            assertEquals(new Order("o-0"), orders.get("key-0"), "the JVM that can read it still finds it");
        }
    }

    @Test
    void anErrorWhileDecodingIsACacheExceptionNotAnErrorOfTheCaller() throws Exception {
        try (CacheManager manager = manager()) {
            Cache<String, Object> cache = manager.createCache("untyped", new MutableConfiguration<String, Object>());
            cache.put("boom", new Order("placeholder"));
            plant(cache.unwrap(FanoutCache.class), "boom", "mode = 5, value = ?", serialized(new Exploding()));
            CacheException failure = assertThrows(CacheException.class, () -> cache.get("boom"));
            assertInstanceOf(StackOverflowError.class, failure.getCause().getCause());
            assertEquals(1, cache.unwrap(FanoutCache.class).size());
        }
    }

    private static byte[] serialized(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** The stream of an Order as a JVM without this class (it has a same-length other one) wrote it. */
    private static byte[] renamed(byte[] stream) {
        byte[] name = Order.class.getName().getBytes(StandardCharsets.UTF_8);
        String text = new String(stream, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(new String(name, StandardCharsets.ISO_8859_1));
        assertTrue(at >= 0);
        byte[] copy = stream.clone();
        copy[at + name.length - 1] = 'X';
        return copy;
    }

    private static void plant(FanoutCache store, String key, String assignments, byte[] value) throws Exception {
        Path database = store.shardFor(key).directory().resolve("cache.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE Cache SET filename = NULL, size = 0, " + assignments + " WHERE key = ?")) {
            update.setBytes(1, value);
            update.setString(2, key);
            assertEquals(1, update.executeUpdate());
        }
    }
}
