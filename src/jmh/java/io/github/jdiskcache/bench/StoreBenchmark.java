/*
 * StoreBenchmark: the store engine against the bare sqlite-jdbc floor, single thread.
 *
 * Build (the JMH harness is only in the `bench` profile, never in `mvn -B verify`):
 *
 *     mvn -B -q -Pbench -DskipTests package
 *
 * Run the quick configuration (about 20 s per store x operation x size, ~4 min for the defaults):
 *
 *     java -jar target/jdiskcache-benchmarks.jar StoreBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 *
 * Useful variations (all standard JMH options; `java -jar target/jdiskcache-benchmarks.jar -h`):
 *
 *     -p store=shard,sqlite1         only these stores (shard, fanout8, sqlite1, sqlite8)
 *     -p size=100,1024               both value sizes (default 1024 bytes)
 *     -p entries=10000               fewer preloaded entries (default 100000)
 *     'StoreBenchmark.put'           one operation (getHit, getMiss, put)
 *     -wi 3 -i 5 -w 2s -r 2s         the longer iterations of docs' performance anchors
 *     -rf text -rff results.txt      save the result table
 *     -prof jfr                      JFR recording per fork (or -prof stack for a quick sample)
 *     -jvmArgsAppend -Djdiskcache.bench.dir=/some/disk   where the databases go (default java.io.tmpdir)
 *
 * Each trial opens the store in a fresh temporary directory, preloads `entries` entries "key:<n>"
 * with random byte[] values of `size` bytes (one transaction per 1000 rows), checks a few reads,
 * and deletes the directory at the end. Keys are chosen uniformly at random through a precomputed
 * index array. getMiss reads keys "key:<entries + n>" that were never stored; put overwrites an
 * existing key with another value of the same size.
 *
 * Stores: shard = Shard.open(dir); fanout8 = FanoutCache.open(dir, 8, Settings.none(),
 * StoreOptions.defaults()); sqlite1 / sqlite8 = bare sqlite-jdbc with the shard's schema and
 * PRAGMAs on 1 / 8 files, one SELECT per get and one UPDATE per put (see SqliteStore).
 * Read results as ratios within one run: the machine is shared and noisy.
 */
package io.github.jdiskcache.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/** Single-thread average time of get-hit, get-miss and put (overwrite) per store, in µs/op. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Benchmark)
public class StoreBenchmark {
    @Param({"shard", "fanout8", "sqlite1", "sqlite8"})
    public String store;

    @Param({"100000"})
    public int entries;

    @Param({"1024"})
    public int size;

    private Workload workload;
    private BenchStore target;
    private String[] keys;
    private String[] missKeys;

    @Setup(Level.Trial)
    public void open() {
        workload = Workload.open(store, entries, size);
        target = workload.store;
        keys = workload.keys;
        missKeys = workload.missKeys;
    }

    @TearDown(Level.Trial)
    public void close() {
        if (workload != null) {
            workload.close();
        }
    }

    /** Per thread: where it is in the random index array. */
    @State(Scope.Thread)
    public static class Cursor {
        KeyCursor keys;

        @Setup(Level.Trial)
        public void open(StoreBenchmark benchmark, ThreadParams thread) {
            keys = new KeyCursor(benchmark.workload, thread.getThreadIndex() * (Workload.INDEXES / 16));
        }
    }

    @Benchmark
    public byte[] getHit(Cursor cursor) {
        return target.get(keys[cursor.keys.next()]);
    }

    @Benchmark
    public byte[] getMiss(Cursor cursor) {
        return target.get(missKeys[cursor.keys.next()]);
    }

    @Benchmark
    public void put(Cursor cursor) {
        int index = cursor.keys.next();
        target.put(keys[index], workload.value(cursor.keys.position()));
    }
}
