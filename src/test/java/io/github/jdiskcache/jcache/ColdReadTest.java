package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.testing.ChildJvm;

/**
 * A fresh JVM that gets a JCache cache, reads one key and closes sets up nothing that work does
 * not need (issue 12, cold start), judged by the classes it loads ({@code -Xlog:class+load}).
 */
class ColdReadTest {
    /**
     * Each with what loading it meant. (Reading the cache's kept configuration sets up the JDK's
     * serialization filtering, which looks up System.LoggerFinder: that one is needed here.)
     */
    private static final Set<String> NOT_LOADED = Set.of(
            // the platform MBeanServer, created on close to unregister MXBeans nobody registered
            "com.sun.jmx.mbeanserver.JmxMBeanServer",
            // sqlite-jdbc's platform detection running `uname -o` in a child process
            "java.lang.ProcessBuilder",
            // org.sqlite.JDBC registering itself with DriverManager
            "java.sql.DriverManager");

    @TempDir
    Path temp;

    @Test
    void aColdReadAndCloseLoadNoMBeanServerProcessOrDriverManager() throws Exception {
        Path classLog = temp.resolve("classes.log");

        String output = coldRead(List.of("-Xlog:class+load=info:file=" + classLog));

        assertTrue(output.contains(ColdReadWorker.VALUE + "value"), output);
        List<String> loaded = Files.readAllLines(classLog).stream()
                .map(line -> line.substring(line.indexOf(']', line.indexOf("[class,load]")) + 1).trim())
                .map(line -> line.substring(0, line.indexOf(' ')))
                .toList();
        assertTrue(loaded.contains(DiskCache.class.getName()), "the log lists the classes: " + loaded.size());
        assertEquals(List.of(), loaded.stream().filter(NOT_LOADED::contains).sorted().toList());
    }

    /** Of a cache's 8 shards, getCache opens shard 000 and the get the key's: not all eight. */
    @Test
    void aColdReadOpensTheShardsItReadsOnly() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")));

        String output = coldRead(List.of());

        assertTrue(output.contains(ColdReadWorker.VALUE + "value"), output);
        long open = output.lines().filter(line -> line.startsWith(ColdReadWorker.SHARDS))
                .mapToLong(line -> Long.parseLong(line.substring(ColdReadWorker.SHARDS.length()))).sum();
        assertTrue(open >= 1 && open <= 2, output);
    }

    /** Writes key → value into cache "cold" of a new manager, then reads it in a fresh JVM. */
    private String coldRead(List<String> jvmOptions) throws Exception {
        Path managerDirectory = temp.resolve("manager");
        CacheManager manager = new DiskCachingProvider().getCacheManager(managerDirectory.toUri(),
                getClass().getClassLoader());
        try {
            manager.createCache("cold", new MutableConfiguration<String, String>().setTypes(String.class, String.class))
                    .put("key", "value");
        } finally {
            manager.close();
        }
        return ChildJvm.start(temp, jvmOptions, ColdReadWorker.class, managerDirectory.toString(), "cold", "key")
                .awaitSuccess(60, TimeUnit.SECONDS);
    }
}
