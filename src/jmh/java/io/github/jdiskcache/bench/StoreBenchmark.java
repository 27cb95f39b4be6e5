/*
 * StoreBenchmark: jdiskcache (JCache and native FanoutCache) against the bare sqlite-jdbc floor,
 * Ehcache 3's persistent disk tier and Caffeine's JCache, through the same workload code.
 *
 * Build (the JMH harness and the peer caches are only in the `bench` profile, never in `mvn -B verify`):
 *
 *     mvn -B -q -Pbench -DskipTests package
 *
 * The whole suite in one command (JMH 1 and 2 threads, Python's diskcache, open time, 2 JVMs
 * writing one cache, bytes on disk per entry; one combined table with ratios to the floor):
 *
 *     java -cp target/jdiskcache-benchmarks.jar io.github.jdiskcache.bench.Suite --quick   # ~5 min
 *     java -cp target/jdiskcache-benchmarks.jar io.github.jdiskcache.bench.Suite --full    # ~1 h
 *
 * This class alone, with plain JMH options (`java -jar target/jdiskcache-benchmarks.jar -h`):
 *
 *     java -jar target/jdiskcache-benchmarks.jar StoreBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 *     -p store=jcache,sqlite8        only these stores (shard, fanout8, sqlite1, sqlite8, jcache, jcache-noheap,
 *                                    ehcache-disk, caffeine-jcache)
 *     -p size=100,1024               value sizes (default 1024 bytes)
 *     -p size=65536 -p entries=10000 the 64 KiB case (with fewer entries)
 *     -p entries=10000               fewer preloaded entries (default 100000)
 *     'StoreBenchmark.put'           one operation (getHit, getHot, getMiss, put, update, removePut, mix)
 *     -t 2 -bm thrpt -tu s           two threads, throughput (ops/s summed over the threads)
 *     -rf text -rff results.txt      save the result table
 *     -prof jfr                      JFR recording per fork (or -prof stack for a quick sample)
 *     -jvmArgsAppend -Djdiskcache.bench.dir=/some/disk   where the stores go (default java.io.tmpdir)
 *     -jvmArgsAppend -Djdiskcache.bench.ehcacheDiskMb=4096  Ehcache's disk tier size (default 2048)
 *
 * Each trial opens the store in a fresh temporary directory, preloads `entries` entries
 * "bench:key:<n, 10 digits>" (20 characters) with random byte[] values of `size` bytes (batches of
 * 1000), checks a few reads and that 1000 sampled keys are present, and deletes the directory at the
 * end. Keys are chosen uniformly at random through a precomputed index array. getMiss reads keys
 * that were never stored; put overwrites an existing key with another value of the same size;
 * update reads an existing key's value and replaces it atomically (JCache's invoke);
 * removePut removes an existing key and puts it back; mix is 9 gets (hits) then 1 put, repeated.
 *
 * Stores: see BenchStores and JCacheStores. sqlite1 / sqlite8 = bare sqlite-jdbc with the shard's
 * schema and PRAGMAs on 1 / 8 files, one SELECT per get, one UPDATE per put, DELETE + INSERT per
 * remove+put, a connection per file and thread (see SqliteStore).
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

/** Average time of get-hit, get-miss, put (overwrite), update (invoke), remove+put and a 90/10 get/put mix per store, in µs/op. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The heap is touched before the first iteration: on a VM whose first touch of a page costs
// microseconds (12.5 µs here, docs/performance.md), a fork would otherwise spend its measured
// seconds faulting its young generation in, and time would follow bytes allocated, not work done.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Benchmark)
public class StoreBenchmark {
    /** Keys of the {@code getHot} workload. */
    static final int HOT_KEYS = 1_000;

    @Param({"jcache", "fanout8", "sqlite1", "sqlite8", "ehcache-disk", "caffeine-jcache"})
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
        int step;

        @Setup(Level.Trial)
        public void open(StoreBenchmark benchmark, ThreadParams thread) {
            keys = new KeyCursor(benchmark.workload, thread.getThreadIndex() * (Workload.INDEXES / 16));
            benchmark.target.get(benchmark.keys[0]); // a store's per-thread set-up (connections) before timing
        }
    }

    @Benchmark
    public byte[] getHit(Cursor cursor) {
        return target.get(keys[cursor.keys.next()]);
    }

    /** A hit among {@value #HOT_KEYS} keys read over and over: what a heap tier is for. */
    @Benchmark
    public byte[] getHot(Cursor cursor) {
        return target.get(keys[cursor.keys.next() % HOT_KEYS]);
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

    /** An atomic read-then-replace of an existing key (JCache: invoke with an entry processor). */
    @Benchmark
    public void update(Cursor cursor) {
        int index = cursor.keys.next();
        target.update(keys[index], workload.value(cursor.keys.position()));
    }

    /** Removes an existing key and stores it again: one delete and one insert. */
    @Benchmark
    public void removePut(Cursor cursor) {
        int index = cursor.keys.next();
        target.removeThenPut(keys[index], workload.value(cursor.keys.position()));
    }

    /** 90/10 get/put: every tenth operation of a thread overwrites, the others read a stored key. */
    @Benchmark
    public byte[] mix(Cursor cursor) {
        int index = cursor.keys.next();
        if (++cursor.step == 10) {
            cursor.step = 0;
            target.put(keys[index], workload.value(cursor.keys.position()));
            return null;
        }
        return target.get(keys[index]);
    }
}
