package io.github.jdiskcache.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof io.github.jdiskcache.bench.PageFaults}) giving each iteration's page
 * faults per operation, from the fork's {@code /proc/self/stat}: a process's first read of each page
 * of a shard's memory map costs a fault (about 10 µs here, docs/performance.md), so a fork that still
 * touches pages for the first time measures its faults, not the steady cost a long-running process
 * pays. A measured row with faults per operation well above zero has not finished warming up.
 * Reports nothing where the file does not exist (not Linux).
 */
public final class PageFaults implements InternalProfiler {
    /** The secondary result's label: minor faults (the page was in memory, only unmapped) per operation. */
    public static final String MINOR = "minor-faults";
    /** Major faults (read from the disk) per operation. */
    public static final String MAJOR = "major-faults";
    private static final Path STAT = Path.of("/proc/self/stat");

    private long[] before;

    @Override
    public String getDescription() {
        return "minor and major page faults of the forked JVM per operation (Linux /proc/self/stat)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = read();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long[] after = read();
        long operations = result.getMetadata().getMeasuredOps();
        if (before == null || after == null || operations <= 0) {
            return List.of();
        }
        return List.of(
                new ScalarResult(MINOR, (after[0] - before[0]) / (double) operations, "#/op", AggregationPolicy.AVG),
                new ScalarResult(MAJOR, (after[1] - before[1]) / (double) operations, "#/op", AggregationPolicy.AVG));
    }

    /** {minflt, majflt} of this process, or null where there is no {@code /proc/self/stat}. */
    static long[] read() {
        try {
            return parse(Files.readString(STAT));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The fields after the command name (which may hold spaces and parentheses, hence the last ')'):
     * state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt, ...
     */
    static long[] parse(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[7]), Long.parseLong(fields[9])};
    }
}
