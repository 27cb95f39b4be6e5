package io.github.jdiskcache.annotation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.example.MemoizationDemo;
import io.github.jdiskcache.testing.ChildJvm;

/** The documented example: a second JVM finds what the first one memoized, on disk. */
class MemoizationAcrossRunsTest {

    @Test
    void theSecondRunReadsTheFirstRunsResult(@TempDir Path directory) throws Exception {
        List<String> options = List.of("-Djdiskcache.directory=" + directory.resolve("caches"));
        String first = ChildJvm.start(directory, options, MemoizationDemo.class, "1000000")
                .awaitSuccess(60, TimeUnit.SECONDS);
        String second = ChildJvm.start(directory, options, MemoizationDemo.class, "1000000")
                .awaitSuccess(60, TimeUnit.SECONDS);
        assertTrue(first.contains("primes below 1,000,000: 78,498 (computed in"), first);
        assertTrue(second.contains("primes below 1,000,000: 78,498 (read from the disk cache in"), second);
    }
}
