package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.integration.CacheLoader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/**
 * {@code getConfiguration} hands out what the cache is configured with at the moment of the call;
 * JSR-107 requires the returned value to be immutable, so changing it must not (and cannot)
 * reconfigure the running cache.
 */
class GetConfigurationTest {
    @TempDir
    Path work;

    private final DiskCachingProvider provider = new DiskCachingProvider();
    private CacheManager manager;

    @BeforeEach
    void openManager() {
        manager = provider.getCacheManager(work.toUri(), getClass().getClassLoader());
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }

    public static final class PrefixLoader implements CacheLoader<String, String>, Serializable {
        @Override
        public String load(String key) {
            return "loaded:" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class Ignoring implements CacheEntryCreatedListener<String, String>, Serializable {
        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
        }
    }

    private Cache<String, String> readThroughCache() {
        return manager.createCache("c", new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setReadThrough(true)
                .setCacheLoaderFactory(FactoryBuilder.factoryOf(PrefixLoader.class)));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void changingTheReturnedConfigurationFailsAndTheCacheKeepsWorkingAsConfigured() {
        Cache<String, String> cache = readThroughCache();
        MutableConfiguration<String, String> returned = cache.getConfiguration(MutableConfiguration.class);

        assertThrows(UnsupportedOperationException.class, () -> returned.setReadThrough(false));
        assertThrows(UnsupportedOperationException.class,
                () -> ((MutableConfiguration) returned).setTypes(Object.class, Object.class));
        assertThrows(UnsupportedOperationException.class, () -> returned.setCacheLoaderFactory(null));
        assertThrows(UnsupportedOperationException.class, () -> returned.setStatisticsEnabled(true));

        assertEquals("loaded:k", cache.get("k"), "the loader still reads through");
        Cache raw = cache;
        assertThrows(ClassCastException.class, () -> raw.put(1, 2), "the key and value types still hold");
        CompleteConfiguration<String, String> now = cache.getConfiguration(CompleteConfiguration.class);
        assertTrue(now.isReadThrough());
        assertEquals(String.class, now.getKeyType());
    }

    @Test
    void theReturnedConfigurationShowsTheListenersOfTheMomentOfTheCall() {
        Cache<String, String> cache = readThroughCache();
        CacheEntryListenerConfiguration<String, String> listener = new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(Ignoring.class), null, false, true);
        CompleteConfiguration<String, String> before = cache.getConfiguration(CompleteConfiguration.class);
        cache.registerCacheEntryListener(listener);
        CompleteConfiguration<String, String> registered = cache.getConfiguration(CompleteConfiguration.class);
        cache.deregisterCacheEntryListener(listener);

        assertEquals(0, count(before.getCacheEntryListenerConfigurations()));
        assertEquals(1, count(registered.getCacheEntryListenerConfigurations()));
        assertEquals(0, count(cache.getConfiguration(CompleteConfiguration.class).getCacheEntryListenerConfigurations()));

        Iterator<CacheEntryListenerConfiguration<String, String>> listeners =
                registered.getCacheEntryListenerConfigurations().iterator();
        listeners.next();
        assertThrows(UnsupportedOperationException.class, listeners::remove);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyConfigurationClassOfTheCacheCanBeAskedFor() {
        Cache<String, Long> cache = manager.createCache("disk", new DiskCacheConfiguration<String, Long>()
                .setTypes(String.class, Long.class).setShards(3));
        assertEquals(Long.class, cache.getConfiguration(Configuration.class).getValueType());
        assertEquals(Long.class, cache.getConfiguration(CompleteConfiguration.class).getValueType());
        assertEquals(Long.class, cache.getConfiguration(MutableConfiguration.class).getValueType());
        DiskCacheConfiguration<String, Long> disk = cache.getConfiguration(DiskCacheConfiguration.class);
        assertEquals(3, disk.getShards());
        assertThrows(UnsupportedOperationException.class, () -> disk.setShards(5));
        assertThrows(UnsupportedOperationException.class, () -> disk.setSizeLimit(1000));
        assertEquals(3, cache.getConfiguration(DiskCacheConfiguration.class).getShards());

        Cache<String, String> plain = readThroughCache();
        assertTrue(plain.getConfiguration(DiskCacheConfiguration.class).isReadThrough(),
                "a cache configured with a MutableConfiguration answers for DiskCacheConfiguration too");
        assertThrows(IllegalArgumentException.class, () -> plain.getConfiguration(OtherConfiguration.class));
    }

    /** Guards setters added later to MutableConfiguration or DiskCacheConfiguration: none may slip through. */
    @Test
    void everySetterOfTheReturnedConfigurationThrows() throws Exception {
        Object returned = readThroughCache().getConfiguration(DiskCacheConfiguration.class);
        int setters = 0;
        for (Method method : returned.getClass().getMethods()) {
            if (!method.getName().matches("(set|add|remove).*") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            Object[] arguments = new Object[method.getParameterCount()];
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                arguments[i] = Map.<Class<?>, Object>of(boolean.class, true, int.class, 1, long.class, 1L).get(types[i]);
            }
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> method.invoke(returned, arguments), method.getName());
            assertInstanceOf(UnsupportedOperationException.class, thrown.getCause(), method.getName());
            setters++;
        }
        assertTrue(setters >= 18, "found " + setters + " setters");
    }

    private abstract static class OtherConfiguration<K, V> implements Configuration<K, V> {
    }

    private static int count(Iterable<?> items) {
        int count = 0;
        for (Object ignored : items) {
            count++;
        }
        return count;
    }
}
