package io.github.jdiskcache.jcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/** The MXBeans are where Micrometer's JCacheMetrics looks, and count what it reads. */
class StatisticsMBeanTest {
    @TempDir
    Path directory;

    @Test
    void statisticsAreReadableUnderTheStandardNameAndCountEvictions() throws Exception {
        DiskCachingProvider provider = new DiskCachingProvider();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (CacheManager manager = provider.getCacheManager(directory.toUri(), getClass().getClassLoader())) {
            Cache<String, byte[]> cache = manager.createCache("metrics,test", new DiskCacheConfiguration<String, byte[]>()
                    .setTypes(String.class, byte[].class)
                    .setShards(1)
                    .setSizeLimit(300_000)
                    .setStatisticsEnabled(true)
                    .setManagementEnabled(true));
            String managerName = directory.toUri().toString().replaceAll("[,:=\n]", ".");
            ObjectName statistics = new ObjectName("javax.cache:type=CacheStatistics,CacheManager=" + managerName
                    + ",Cache=metrics.test");
            ObjectName configuration = new ObjectName("javax.cache:type=CacheConfiguration,CacheManager="
                    + managerName + ",Cache=metrics.test");
            assertTrue(server.isRegistered(statistics), statistics.toString());
            assertTrue(server.isRegistered(configuration), configuration.toString());

            cache.put("a", new byte[10]);
            cache.get("a");
            cache.get("missing");
            cache.remove("a");
            for (int i = 0; i < 20; i++) {
                cache.put("big" + i, new byte[50_000]);
            }
            assertEquals(1L, server.getAttribute(statistics, "CacheHits"));
            assertEquals(1L, server.getAttribute(statistics, "CacheMisses"));
            assertEquals(21L, server.getAttribute(statistics, "CachePuts"));
            assertEquals(1L, server.getAttribute(statistics, "CacheRemovals"));
            long evictions = (Long) server.getAttribute(statistics, "CacheEvictions");
            assertTrue(evictions >= 10, "the 300 kB limit must have evicted most of 1 MB, got " + evictions);
            assertEquals("java.lang.String", server.getAttribute(configuration, "KeyType"));
        }
        assertFalse(server.queryNames(new ObjectName("javax.cache:*,Cache=metrics.test"), null).iterator().hasNext(),
                "closing the manager unregisters its MBeans");
    }
}
