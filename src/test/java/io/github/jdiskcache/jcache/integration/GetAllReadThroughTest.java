package io.github.jdiskcache.jcache.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/**
 * A loader in front of a database answers a batch in one query: getAll with read-through must
 * hand it the keys it missed in one {@code loadAll}, not one {@code load} per key.
 */
class GetAllReadThroughTest {
    /** What the loader saw, shared with the test (the factory is a singleton in this JVM). */
    static final List<Set<String>> LOAD_ALL_CALLS = new ArrayList<>();
    static final AtomicInteger SINGLE_LOADS = new AtomicInteger();
    static volatile boolean failLoadAll;

    @TempDir
    Path directory;
    private CacheManager manager;
    private Cache<String, String> cache;

    @BeforeEach
    void open() {
        LOAD_ALL_CALLS.clear();
        SINGLE_LOADS.set(0);
        failLoadAll = false;
        manager = new DiskCachingProvider().getCacheManager(directory.toUri(), getClass().getClassLoader());
        cache = manager.createCache("people", new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setReadThrough(true)
                .setStatisticsEnabled(true)
                .setCacheLoaderFactory(FactoryBuilder.factoryOf(BatchLoader.class)));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void loadsTheMissingKeysWithOneLoadAll() {
        cache.put("a", "stored-a");
        cache.put("b", "stored-b");

        Map<String, String> found = cache.getAll(Set.of("a", "b", "c", "d", "e"));

        assertEquals(Map.of("a", "stored-a", "b", "stored-b", "c", "loaded-c", "d", "loaded-d", "e", "loaded-e"),
                found);
        assertEquals(List.of(Set.of("c", "d", "e")), LOAD_ALL_CALLS, "one loadAll with exactly the missed keys");
        assertEquals(0, SINGLE_LOADS.get(), "no per-key load");
        assertEquals("loaded-d", cache.get("d"), "loaded values are stored");
        assertEquals(1, LOAD_ALL_CALLS.size());
    }

    @Test
    void keysTheLoaderDoesNotKnowStayAbsentAndExtraKeysAreIgnored() {
        Map<String, String> found = cache.getAll(Set.of("c", "unknown"));

        assertEquals(Map.of("c", "loaded-c"), found);
        assertTrue(!cache.containsKey("unknown") && !cache.containsKey("extra"),
                "neither a key the loader skipped nor one it added unasked is stored");
    }

    @Test
    void noLoadAllWhenEverythingIsStored() {
        cache.put("a", "stored-a");
        assertEquals(Map.of("a", "stored-a"), cache.getAll(Set.of("a")));
        assertEquals(List.of(), LOAD_ALL_CALLS);
    }

    @Test
    void aFailingLoadAllIsACacheLoaderExceptionAndStoresNothing() {
        failLoadAll = true;
        CacheLoaderException failure = assertThrows(CacheLoaderException.class, () -> cache.getAll(Set.of("c", "d")));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        failLoadAll = false;
        assertTrue(!cache.containsKey("c") && !cache.containsKey("d"));
    }

    public static final class BatchLoader implements CacheLoader<String, String>, Serializable {
        @Override
        public String load(String key) {
            SINGLE_LOADS.incrementAndGet();
            return key.equals("unknown") ? null : "loaded-" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            Set<String> asked = new HashSet<>();
            keys.forEach(asked::add);
            LOAD_ALL_CALLS.add(asked);
            if (failLoadAll) {
                throw new IllegalStateException("database down");
            }
            Map<String, String> answer = new HashMap<>();
            for (String key : asked) {
                if (!key.equals("unknown")) {
                    answer.put(key, "loaded-" + key);
                }
            }
            answer.put("extra", "not asked for");
            return answer;
        }
    }
}
