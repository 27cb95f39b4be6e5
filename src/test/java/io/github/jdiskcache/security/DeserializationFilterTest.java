package io.github.jdiskcache.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.apache.commons.collections.functors.InvokerTransformer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FanoutCache;

/**
 * Whoever can write a cache's files must not be able to run code in its readers: payloads planted
 * in a shard are refused by the deserialization filter and read as misses (left on disk: a reader
 * with another filter may legitimately read them, and a later write replaces them).
 */
class DeserializationFilterTest {
    @TempDir
    Path directory;

    record Order(String id, List<Line> lines) implements Serializable {
    }

    record Line(String sku, int quantity) implements Serializable {
    }

    @BeforeEach
    void reset() {
        Payload.EXECUTED.set(false);
        InvokerTransformer.EXECUTED.set(false);
    }

    @Test
    void aTypedCacheRefusesClassesItDidNotDeclare() throws Exception {
        try (CacheManager manager = new DiskCachingProvider().getCacheManager(directory.toUri(), getClass().getClassLoader())) {
            Cache<String, Order> orders = manager.createCache("orders",
                    new MutableConfiguration<String, Order>().setTypes(String.class, Order.class));
            Order order = new Order("o-1", new ArrayList<>(List.of(new Line("sku", 2))));
            orders.put("o-1", order);
            orders.put("victim", order);
            plant(orders.unwrap(FanoutCache.class), "victim", new Payload());

            assertNull(orders.get("victim"), "the planted payload is a miss");
            assertFalse(Payload.EXECUTED.get(), "the payload's readObject must never run");
            assertEquals(order, orders.get("o-1"), "declared types, their fields and JDK collections still read");
            assertFalse(orders.containsKey("victim"));
            assertEquals(0, orders.unwrap(FanoutCache.class).damagedEntryCount(), "refused is not damaged");
            assertEquals(2, orders.unwrap(FanoutCache.class).unreadableReadCount(), "the refused reads are counted");
            assertFalse(Payload.EXECUTED.get(), "containsKey refuses it as well");
        }
    }

    @Test
    void anUntypedCacheRefusesKnownGadgetClasses() throws Exception {
        try (CacheManager manager = new DiskCachingProvider().getCacheManager(directory.toUri(), getClass().getClassLoader())) {
            Cache<Object, Object> cache = manager.createCache("untyped", new MutableConfiguration<>());
            cache.put("victim", new ArrayList<>(List.of(1)));
            plant(cache.unwrap(FanoutCache.class), "victim", new InvokerTransformer());

            assertNull(cache.get("victim"));
            assertFalse(InvokerTransformer.EXECUTED.get(), "a gadget class is rejected by name, never run");
            cache.put("fine", new Payload());
            assertTrue(cache.get("fine") instanceof Payload, "other application classes still work untyped");
        }
    }

    @Test
    void aFilterCanBeConfiguredPerManager() throws Exception {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("serialization_filter", "java.base/*;!*");
        try (CacheManager manager = new DiskCachingProvider().getCacheManager(directory.toUri(),
                getClass().getClassLoader(), properties)) {
            Cache<Object, Object> cache = manager.createCache("strict", new MutableConfiguration<>());
            cache.put("jdk", new ArrayList<>(List.of("a")));
            cache.put("app", new Payload());
            assertEquals(List.of("a"), cache.get("jdk"));
            assertNull(cache.get("app"), "the configured filter allows JDK classes only");
            assertFalse(Payload.EXECUTED.get());
        }
    }

    /** Overwrites the row's serialized value behind the cache's back, as an attacker with file access could. */
    private static void plant(FanoutCache store, String key, Serializable payload) throws Exception {
        Path database = store.shardFor(key).directory().resolve("cache.db");
        assertTrue(Files.exists(database));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(payload);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE Cache SET value = ?, mode = 5, filename = NULL, size = 0 WHERE key = ?")) {
            update.setBytes(1, bytes.toByteArray());
            update.setString(2, key);
            assertEquals(1, update.executeUpdate());
        }
    }
}
