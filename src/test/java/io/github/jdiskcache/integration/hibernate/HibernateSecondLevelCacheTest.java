package io.github.jdiskcache.integration.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.ChildJvm;

/**
 * Hibernate's second-level cache (entities, a collection, a query) in jdiskcache via
 * hibernate-jcache, from a Spring Boot application on an H2 file database: {@link LibraryApp} runs
 * in two child JVMs, one after the other, over one directory.
 */
class HibernateSecondLevelCacheTest {
    private static final String READ = "Multatuli|Max Havelaar|Woutertje Pieterse|Multatuli|Hella Haasse";

    @TempDir
    Path directory;

    @Test
    void aRestartedApplicationReadsEntitiesCollectionsAndQueriesFromTheSecondLevelCache() throws Exception {
        Map<String, String> first = run("seed");
        Map<String, String> second = run();

        assertEquals(READ, first.get("read"));
        assertEquals("1", first.get("queryMisses"), "the first run's query goes to the database");
        assertEquals(READ, second.get("read"));
        assertEquals("0", second.get("statements"), "no SQL: " + second);
        assertEquals("1", second.get("authorHits"), second.toString());
        assertEquals("2", second.get("bookHits"), second.toString());
        assertEquals("1", second.get("booksHits"), second.toString());
        assertEquals("1", second.get("queryHits"), second.toString());
        assertTrue(Files.isDirectory(directory.resolve("library-cache").resolve("default-query-results-region")));
    }

    /** Runs the application; returns what it read and its statistics by name. */
    private Map<String, String> run(String... args) throws IOException, InterruptedException {
        // C1 only: halves the CPU a short-lived Spring Boot JVM spends starting up.
        ChildJvm child = ChildJvm.start(directory,
                List.of("-XX:TieredStopAtLevel=1", "-Djdiskcache.directory=" + directory), LibraryApp.class, args);
        String log = child.awaitSuccess(3, TimeUnit.MINUTES);
        String read = line(log, "read: ");
        return Stream.concat(Stream.of("read=" + read), Stream.of(line(log, "statistics: ").split(" ")))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    private static String line(String log, String prefix) {
        return log.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> line.substring(prefix.length()))
                .orElseThrow(() -> new AssertionError("no line " + prefix + "in:\n" + log));
    }
}
