package io.github.jdiskcache.jcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/**
 * Every legal cache name gets its MXBeans. A name JMX can take plain keeps exactly the name
 * Micrometer's JCacheMetrics builds; a name holding a JMX wildcard or quote is quoted in full.
 */
class CacheMBeanNamesTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path directory;

    @Test
    void namesWithWildcardsOrQuotesWorkWithStatisticsAndManagementOn() throws Exception {
        List<String> names = List.of("a*b", "what?", "say \"hi\"", "back\\slash*", "a.b");
        try (CacheManager manager = new DiskCachingProvider().getCacheManager(directory.toUri(),
                getClass().getClassLoader())) {
            for (String name : names) {
                Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class).setStatisticsEnabled(true).setManagementEnabled(true));
                cache.put("k", "v");
                cache.get("k");
            }
            String managerName = directory.toUri().toString().replace(':', '.');
            for (String name : names) {
                String value = name.equals("a.b") ? name : ObjectName.quote(name);
                ObjectName statistics = new ObjectName("javax.cache:type=CacheStatistics,CacheManager=" + managerName
                        + ",Cache=" + value);
                ObjectName configuration = new ObjectName("javax.cache:type=CacheConfiguration,CacheManager="
                        + managerName + ",Cache=" + value);
                assertTrue(SERVER.isRegistered(statistics), statistics.toString());
                assertTrue(SERVER.isRegistered(configuration), configuration.toString());
                assertEquals(1L, SERVER.getAttribute(statistics, "CacheHits"), name + " has statistics of its own");
                String written = statistics.getKeyProperty("Cache");
                assertEquals(name, value.equals(name) ? written : ObjectName.unquote(written));
            }
        }
        assertFalse(SERVER.queryNames(new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
                + directory.toUri().toString().replace(':', '.') + ",*"), null).iterator().hasNext());
    }

    /** The ObjectName Micrometer's JCacheMetrics looks up, for names JMX can take plain. */
    @Test
    void plainNamesStayExactlyWhatMicrometerLooksFor() throws Exception {
        String uri = "file:/var/cache/app/";
        for (String name : List.of("orders", "my-cache_1.v2", "with space", "ünïcödé", "a\\b", "")) {
            ObjectName micrometer = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
                    + uri.replace(':', '.') + ",Cache=" + name);
            assertEquals(micrometer, MBeanRegistrar.name(MBeanRegistrar.Kind.STATISTICS, uri, name));
        }
    }

    @Test
    void aManagerUriWithAWildcardIsQuotedToo() throws Exception {
        String uri = "file:/var/cache/a*b/";
        ObjectName name = MBeanRegistrar.name(MBeanRegistrar.Kind.CONFIGURATION, uri, "orders");
        assertFalse(name.isPattern(), name.toString());
        assertEquals(uri, ObjectName.unquote(name.getKeyProperty("CacheManager")));
    }
}
