package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.configuration.PersistedConfiguration;
import io.github.jdiskcache.jcache.management.MBeanRegistrar;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.testing.ManualClock;

/**
 * What a Spring Boot or Hibernate user writes in the manager's properties file reaches the caches
 * those frameworks create with a plain MutableConfiguration, and the caches they open from disk on
 * the next start: Micrometer then reads real counters, JConsole sees the cache, entries expire.
 */
class JCacheSettingsInPropertiesTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path directory;

    private final ManualClock clock = new ManualClock();

    private CacheManager manager(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new DiskCacheManager(new DiskCachingProvider(), directory.toUri(), getClass().getClassLoader(),
                properties, closed -> { }, clock);
    }

    private ObjectName mbean(MBeanRegistrar.Kind kind, String cacheName) {
        return MBeanRegistrar.name(kind, directory.toUri().toString(), cacheName);
    }

    private static MutableConfiguration<String, String> plain() {
        return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    }

    @Test
    void statisticsEnabledCountsWhatMicrometerReads() throws Exception {
        try (CacheManager manager = manager("statistics_enabled", "true")) {
            Cache<String, String> cache = manager.createCache("orders", plain());
            cache.put("k", "v");
            cache.get("k");
            cache.get("missing");
            ObjectName statistics = mbean(MBeanRegistrar.Kind.STATISTICS, "orders");
            assertEquals(1L, SERVER.getAttribute(statistics, "CacheHits"));
            assertEquals(1L, SERVER.getAttribute(statistics, "CacheMisses"));
            assertEquals(1L, SERVER.getAttribute(statistics, "CachePuts"));
            assertTrue(cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled());
        }
    }

    @Test
    void managementEnabledForOneCacheShowsItsMXBeanAndNoOther() throws Exception {
        try (CacheManager manager = manager("cache.orders.management_enabled", "true")) {
            manager.createCache("orders", plain());
            manager.createCache("sessions", plain());
            ObjectName orders = mbean(MBeanRegistrar.Kind.CONFIGURATION, "orders");
            assertTrue(SERVER.isRegistered(orders), orders.toString());
            assertEquals("java.lang.String", SERVER.getAttribute(orders, "KeyType"));
            assertFalse(SERVER.isRegistered(mbean(MBeanRegistrar.Kind.CONFIGURATION, "sessions")));
        }
    }

    @Test
    void anExpiryPropertyExpiresEntriesOfAPlainConfiguration() {
        try (CacheManager manager = manager("expiry", "created:PT10S")) {
            Cache<String, String> cache = manager.createCache("orders", plain());
            cache.put("k", "v");
            clock.advance(Duration.ofSeconds(9));
            assertEquals("v", cache.get("k"));
            clock.advance(Duration.ofSeconds(1));
            assertNull(cache.get("k"));
        }
    }

    @Test
    void explicitSettingsInCodeAreNotOverridden() {
        try (CacheManager manager = manager("expiry", "created:PT10S")) {
            Cache<String, String> cache = manager.createCache("orders", plain()
                    .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_MINUTE)));
            cache.put("k", "v");
            clock.advance(Duration.ofSeconds(30));
            assertEquals("v", cache.get("k"), "the cache's own one-minute expiry, not the property's ten seconds");
        }
    }

    @Test
    void aCacheOpenedFromDiskAfterARestartGetsThePropertiesOfThisStart() throws Exception {
        try (CacheManager first = manager()) {
            first.createCache("orders", plain()).put("old", "v");
        }
        try (CacheManager second = manager("statistics_enabled", "true", "management_enabled", "true",
                "cache.orders.expiry", "created:PT10S")) {
            Cache<String, String> orders = second.getCache("orders", String.class, String.class);
            assertEquals("v", orders.get("old"));
            assertTrue(SERVER.isRegistered(mbean(MBeanRegistrar.Kind.CONFIGURATION, "orders")));
            assertEquals(1L, SERVER.getAttribute(mbean(MBeanRegistrar.Kind.STATISTICS, "orders"), "CacheHits"));
            orders.put("new", "v");
            clock.advance(Duration.ofSeconds(10));
            assertNull(orders.get("new"));
        }
    }

    @Test
    void propertiesAreNotKeptWithTheCacheSoAChangedFileTakesEffectAtTheNextStart() {
        try (CacheManager first = manager("statistics_enabled", "true", "expiry", "created:PT10S")) {
            first.createCache("orders", plain());
        }
        MutableConfiguration<?, ?> kept = PersistedConfiguration.read(directory.resolve("orders"),
                getClass().getClassLoader());
        assertFalse(kept.isStatisticsEnabled(), "the kept configuration is what code asked for");
        assertInstanceOf(EternalExpiryPolicy.class, kept.getExpiryPolicyFactory().create());
        try (CacheManager second = manager()) {
            Cache<String, String> orders = second.getCache("orders", String.class, String.class);
            assertFalse(orders.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled());
            orders.put("k", "v");
            clock.advance(Duration.ofDays(1));
            assertEquals("v", orders.get("k"));
        }
    }

    @Test
    void aBadValueFailsTheCacheNamingTheKeyAndLeavesNoCacheBehind() {
        try (CacheManager manager = manager("cache.orders.expiry", "created:10s")) {
            CacheException bad = assertThrows(CacheException.class, () -> manager.createCache("orders", plain()));
            assertTrue(bad.getMessage().contains("cache.orders.expiry=created:10s"), bad.getMessage());
            assertFalse(manager.getCacheNames().iterator().hasNext());
            assertNull(manager.getCache("orders"));
        }
    }
}
