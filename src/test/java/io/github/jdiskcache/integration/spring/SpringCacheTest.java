package io.github.jdiskcache.integration.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.testing.ChildJvm;

/**
 * Spring Boot's cache abstraction on JCache, configured only through properties
 * ({@code integration/spring/prices*.properties}): {@link PriceApp} runs in child JVMs, one after
 * the other; each run's answers are numbered by the computation that produced them.
 */
class SpringCacheTest {
    /** Over empty caches: apple computed once, pear put, plum computed around its eviction, EUR once. */
    private static final List<String> FIRST_RUN = List.of(
            "apple #1", "apple #1", "pear 99", "pear 99", "plum #2", "plum #3", "EUR #4", "EUR #4");

    @TempDir
    Path directory;

    @Test
    void aRestartedApplicationAnswersFromTheCachesOnDisk() throws Exception {
        Output first = run("jdiskcache");
        Output second = run("jdiskcache");

        assertEquals(FIRST_RUN, first.answers());
        assertEquals(4, first.computed());
        // Only the plum withdrawn in this run is computed again; the rest is the first run's.
        assertEquals(List.of("apple #1", "apple #1", "pear 99", "pear 99", "plum #3", "plum #1", "EUR #4", "EUR #4"),
                second.answers());
        assertEquals(1, second.computed());
        assertEquals(DiskCachingProvider.class.getName(), second.provider());
        assertTrue(Files.isDirectory(directory.resolve("prices").resolve("prices")), "the cache's folder");
    }

    /**
     * The same application and service on Hazelcast's JCache provider, switched by the profile's
     * properties alone. Only one run: surviving a restart is jdiskcache's, not asserted here.
     */
    @Test
    void theSameApplicationRunsOnHazelcastByConfigurationAlone() throws Exception {
        Output run = run("hazelcast");

        assertEquals(FIRST_RUN, run.answers());
        assertEquals(4, run.computed());
        assertTrue(run.provider().startsWith("com.hazelcast."), run.provider());
    }

    private Output run(String profile) throws IOException, InterruptedException {
        // C1 only: halves the CPU a short-lived Spring Boot JVM spends starting up.
        ChildJvm child = ChildJvm.start(directory,
                List.of("-XX:TieredStopAtLevel=1", "-Djdiskcache.directory=" + directory),
                PriceApp.class, "--spring.profiles.active=" + profile);
        return Output.of(child.awaitSuccess(3, TimeUnit.MINUTES));
    }

    private record Output(List<String> answers, int computed, String provider) {
        static Output of(String log) {
            return new Output(List.of(line(log, "answers: ").replaceAll("^\\[|\\]$", "").split(", ")),
                    Integer.parseInt(line(log, "computed: ")), line(log, "provider: "));
        }

        private static String line(String log, String prefix) {
            return log.lines().filter(line -> line.startsWith(prefix)).findFirst()
                    .map(line -> line.substring(prefix.length()))
                    .orElseThrow(() -> new AssertionError("no line " + prefix + "in:\n" + log));
        }
    }
}
