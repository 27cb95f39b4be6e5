package io.github.jdiskcache.integration.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Micrometer's {@link JCacheMetrics} reads a cache's statistics from its {@code CacheStatisticsMXBean}
 * under the object name JSR-107 prescribes; a name of another form would read as nothing. Statistics
 * are switched on by the manager's properties, for a cache created with a plain configuration.
 */
class JCacheMetricsTest {
    @TempDir
    Path directory;

    @Test
    void micrometersCacheMetricsAreTheStatisticsMXBeansCounters() throws Exception {
        // Hazelcast is a second provider on this class path: name ours.
        CachingProvider provider = Caching.getCachingProvider(DiskCachingProvider.class.getName());
        Properties properties = new Properties();
        properties.setProperty("statistics_enabled", "true");
        try (CacheManager manager =
                provider.getCacheManager(directory.toUri(), getClass().getClassLoader(), properties)) {
            Cache<String, String> orders = manager.createCache("orders", new MutableConfiguration<String, String>());
            MeterRegistry registry = new SimpleMeterRegistry();
            JCacheMetrics.monitor(registry, orders);

            orders.put("o-1", "one");
            orders.put("o-2", "two");
            orders.put("o-3", "three");
            orders.get("o-1");
            orders.get("o-2");
            orders.get("o-9");
            orders.remove("o-3");

            ObjectName statistics = statisticsOf("orders");
            assertEquals(2L, attribute(statistics, "CacheHits"));
            assertEquals(1L, attribute(statistics, "CacheMisses"));
            assertEquals(3L, attribute(statistics, "CachePuts"));
            assertEquals(1L, attribute(statistics, "CacheRemovals"));
            assertEquals(attribute(statistics, "CacheHits"),
                    (long) registry.get("cache.gets").tag("result", "hit").functionCounter().count());
            assertEquals(attribute(statistics, "CacheMisses"),
                    (long) registry.get("cache.gets").tag("result", "miss").functionCounter().count());
            assertEquals(attribute(statistics, "CachePuts"),
                    (long) registry.get("cache.puts").functionCounter().count());
            assertEquals(attribute(statistics, "CacheRemovals"), (long) registry.get("cache.removals").gauge().value());
            assertEquals(attribute(statistics, "CacheEvictions"),
                    (long) registry.get("cache.evictions").functionCounter().count());
        }
    }

    private static ObjectName statisticsOf(String cache) throws Exception {
        Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("javax.cache:type=CacheStatistics,Cache=" + cache + ",*"), null);
        assertEquals(1, names.size(), names.toString());
        return names.iterator().next();
    }

    private static long attribute(ObjectName name, String attribute) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return (Long) server.getAttribute(name, attribute);
    }
}
