package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.ChildJvm;

/**
 * A fresh JVM that opens a cache and reads one key sets up nothing that read does not need
 * (issue 12, cold start): each class below stands for tens of milliseconds of a cold start.
 * Checked from the classes a child JVM loads ({@code -Xlog:class+load}).
 */
class ColdReadTest {
    /** Each with what loading it meant. */
    private static final Set<String> NOT_LOADED = Set.of(
            // sqlite-jdbc's platform detection running `uname -o` in a child process
            "java.lang.ProcessBuilder",
            // org.sqlite.JDBC registering itself with DriverManager
            "java.sql.DriverManager",
            // the JDK's serialization filtering, set up with the default deserialization filter
            "java.io.ObjectInputFilter$Config",
            // System.LoggerFinder looked up for a logger that has nothing to say
            "jdk.internal.logger.LoggerFinderLoader");

    @TempDir
    Path temp;

    @Test
    void aColdReadLoadsNoProcessDriverManagerSerialFilterOrLoggerFinder() throws Exception {
        Path cache = temp.resolve("cache");
        try (FanoutCache writer = FanoutCache.open(cache)) {
            writer.set("key", "value");
        }
        Path classLog = temp.resolve("classes.log");

        String output = ChildJvm.start(temp, List.of("-Xlog:class+load=info:file=" + classLog),
                ColdReadWorker.class, cache.toString(), "key").awaitSuccess(60, TimeUnit.SECONDS);

        assertTrue(output.contains(ColdReadWorker.VALUE + "value"), output);
        List<String> loaded = Files.readAllLines(classLog).stream()
                .map(line -> line.substring(line.indexOf(']', line.indexOf("[class,load]")) + 1).trim())
                .map(line -> line.substring(0, line.indexOf(' ')))
                .toList();
        assertTrue(loaded.contains(FanoutCache.class.getName()), "the log lists the classes: " + loaded.size());
        assertEquals(List.of(), loaded.stream().filter(NOT_LOADED::contains).sorted().toList());
    }
}
