package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/**
 * Spring Boot and Hibernate in one JVM each open a manager, often over the same directory (one
 * by a properties URI, one by the folder): both must work on the same data, concurrently.
 */
class SharedDirectoryTest {
    @TempDir
    Path work;

    @Test
    void twoManagersOverOneDirectoryShareTheirCaches() throws Exception {
        Path folder = work.resolve("shared");
        Path properties = work.resolve("app.properties");
        Files.writeString(properties, "directory=" + folder + "\n");
        DiskCachingProvider provider = new DiskCachingProvider();
        ClassLoader loader = getClass().getClassLoader();
        try (CacheManager spring = provider.getCacheManager(properties.toUri(), loader);
             CacheManager hibernate = provider.getCacheManager(URI.create(folder.toUri() + "/"), loader)) {
            assertNotSame(spring, hibernate);
            Cache<String, Long> fromSpring = spring.createCache("entities", new MutableConfiguration<String, Long>()
                    .setTypes(String.class, Long.class));
            Cache<String, Long> fromHibernate = hibernate.getCache("entities", String.class, Long.class);
            fromSpring.put("seen-by-both", 1L);
            assertEquals(1L, fromHibernate.get("seen-by-both"));

            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                Future<?>[] work = new Future<?>[4];
                for (int t = 0; t < 4; t++) {
                    Cache<String, Long> cache = t % 2 == 0 ? fromSpring : fromHibernate;
                    work[t] = threads.submit(() -> {
                        for (int i = 0; i < 250; i++) {
                            cache.invoke("counter", (entry, arguments) -> {
                                entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
                                return null;
                            });
                        }
                        return null;
                    });
                }
                for (Future<?> done : work) {
                    done.get();
                }
            } finally {
                threads.shutdownNow();
            }
            assertEquals(1000L, fromSpring.get("counter"), "increments through both managers are atomic together");
            assertTrue(hibernate.getCacheNames().iterator().hasNext());
            spring.close();
            assertEquals(1000L, fromHibernate.get("counter"), "closing one manager leaves the other working");
        }
    }
}
