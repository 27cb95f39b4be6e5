/*
 * Suite: every benchmark of issue 5 in one command, and one combined table.
 *
 *     mvn -B -q -Pbench -DskipTests package
 *     java -cp target/jdiskcache-benchmarks.jar io.github.jdiskcache.bench.Suite --quick   # ~37 min, ~49 min with --scale
 *     java -cp target/jdiskcache-benchmarks.jar io.github.jdiskcache.bench.Suite --full    # ~1 h
 *
 * Run it from the repository root (it runs src/jmh/python/diskcache_bench.py with /usr/bin/python3).
 * Options: --out <folder> (default target/bench-results: the report suite-<mode>.md, JMH's log, the
 * Python output), --dir <folder> (where the temporary stores go; default java.io.tmpdir),
 * --python <interpreter>, --python-script <path>, --skip jmh1,jmh2,jmh8,tier,python,open,jvms,disk,
 * scale, --scale (the scale step in quick mode too: every row of issue 12 in one run),
 * --rebuild-open-cache (the 1,000,000-entry cache of step 4 is kept in <dir>/jdiskcache-suite-open-1m,
 * ~220 MB, and reused by later runs: building it takes about a minute).
 *
 * Steps:
 *  1. JMH StoreBenchmark, 1 thread, average µs/op: jcache, fanout8, sqlite1, sqlite8, ehcache-disk,
 *     caffeine-jcache x get-hit, get-miss, put, remove+put, 90/10 mix (quick: 1 KiB values, 100,000
 *     entries, 1 fork, warm-up 6 x 1 s after the preload, 5 x 1 s
 *     measured; full: 100 B and 1 KiB with 100,000 entries and 64 KiB with 10,000, warm-up 3 x 2 s,
 *     5 x 2 s measured).
 *  2. The same with 2 threads, throughput in ops/s summed over both (quick: get-hit and put only); and
 *     get-hit and get-hot with 8 threads (jcache with and without its heap tier, and the sqlite8 floor),
 *     which on a 2-core machine shows whether reads collapse when threads outnumber cores.
 *  2b. The heap tier's ≤ 1.05× rows again, in 3 rounds of one fork of each store back to back (one
 *     fork's figure differs from the next fork's by 10-30 % on a shared machine, and the machine has
 *     slow phases of minutes): jcache and jcache-noheap get-hit, get-miss and put with 1 thread, and
 *     get-hit with 2 threads beside the sqlite8 floor; ratios are the median of the rounds' ratios.
 *     Then the 1-thread rows once more with both stores open in one child JVM of InterleavedRounds,
 *     12 rounds of a second of each in rotating order, so that both meet the same minutes of the
 *     machine ("tier" in --skip).
 *  3. Python's diskcache (Cache and FanoutCache(8)) on the same workload (quick: 1 KiB, 7 rounds).
 *  4. Open a 1,000,000-entry cache (100 B values, 8 shards) and read one key: FanoutCache and JCache,
 *     in this warm JVM and in fresh JVMs (also with sqlite-jdbc extracting its native library, as
 *     without the kept copy, and with an application CDS archive); the command-line tool's get as a
 *     whole process, without and with a CDS archive that its first run here wrote
 *     (-XX:ArchiveClassesAtExit), and through its launcher target/jdiskcache when it is built.
 *  5. Put throughput of one JVM against two JVMs writing the same 8-shard cache (100,000 x 1 KiB),
 *     through FanoutCache and through JCache.
 *  6. Bytes on disk per entry after the preload, each persistent store (Python's from step 3).
 *  7. --full (or --scale) only: scale, jcache-noheap (jcache without its heap tier, whose hits depend on how
 *     much of the cache fits in the heap) and sqlite8 get-hit and put with 1 KiB values at 100,000,
 *     1,000,000 and 4,000,000 entries (--scale-entries to change them; 4,000,000 need about 25 GB in --dir):
 *     one child JVM of InterleavedRounds per store and operation, all sizes open in it, warmed up until page
 *     faults (a new process's first reads of each page of the memory maps) cost under 1 % of an
 *     operation, then 12 rounds of a second of each size in rotating order; the report gives the
 *     faults per operation left in the measured rounds.
 *
 * Each store's ratio is to the bare sqlite-jdbc floor: sqlite8 for the 8-shard stores (jcache,
 * fanout8, py-fanout8), sqlite1 for the one-file and non-SQLite ones (py-cache, ehcache-disk,
 * caffeine-jcache). Ratio = store's time per operation / floor's (for throughput: floor ops/s / store
 * ops/s), so below 1 is faster than the floor. Medians and min-max are over measurement iterations
 * (JMH) or rounds (Python). Read them as ratios within one run: the machine is shared and noisy.
 */
package io.github.jdiskcache.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;

public final class Suite {
    static final List<String> STORES = List.of("jcache", "jcache-noheap", "fanout8", "sqlite1", "sqlite8", "ehcache-disk",
            "caffeine-jcache", "caffeine-jcache-value");
    static final List<String> PERSISTENT = List.of("jcache", "fanout8", "sqlite1", "sqlite8", "ehcache-disk");
    static final List<String> OPS = List.of("getHit", "getHot", "getMiss", "put", "update", "removePut", "mix");
    /** The stores and reads of the 8-thread step: the tier, the same without it, and their floor. */
    static final List<String> MANY_THREAD_STORES = List.of("jcache", "jcache-noheap", "sqlite8");
    static final List<String> MANY_THREAD_OPS = List.of("getHit", "getHot");
    static final int MANY_THREADS = 8;
    /** Rounds of the tier step, one fork of each store each: enough that one slow fork does not decide a 5 % target. */
    static final int TIER_ROUNDS = 3;
    static final List<String> TIER_OPS = List.of("getHit", "getMiss", "put");
    /** {@link InterleavedRounds}'s names of StoreBenchmark's operations. */
    static final Map<String, String> ROUNDS_OPS = Map.of("getHit", "get", "getMiss", "miss", "put", "put");
    static final Map<String, String> OP_TITLES = Map.of("getHit", "get-hit", "getHot", "get-hot (1,000 keys)",
            "getMiss", "get-miss", "put", "put", "update", "update (invoke)", "removePut", "remove+put", "mix", "90/10 mix");
    static final int ENTRIES = 100_000;
    static final int BIG_VALUE = 65_536;
    static final int BIG_ENTRIES = 10_000;
    static final int OPEN_ENTRIES = 1_000_000;
    /** The JVM options src/main/sh/jdiskcache starts the tool with, for the JVM-alone floor of the CLI rows. */
    static final List<String> LAUNCHER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+UseSerialGC");
    static final int OPEN_VALUE = 100;
    static final List<Integer> SCALE_ENTRIES = List.of(100_000, 1_000_000, 4_000_000);
    /** Large enough that no scale row evicts (4,000,000 x 1 KiB is about 5.6 GB in the shards). */
    static final long SCALE_SIZE_LIMIT = 64L << 30;
    /**
     * Measured rounds of the scale and tier steps, each a second of every size or store, after {@link InterleavedRounds}'s
     * warm-up (until page faults cost under 1 % of an operation: a fresh process reading a
     * 4,000,000-entry cache faults its shards' maps in for about 20 s of gets and 40 s of puts).
     */
    static final int SCALE_ROUNDS = 12;
    static final int SCALE_ROUND_SECONDS = 1;

    /** One measured figure: median and min-max over iterations or rounds. */
    record Figure(double median, double min, double max, int samples) {
    }

    /** Key of a figure: store, value size, threads, operation. */
    record Key(String store, int size, int threads, String op) {
    }

    private final boolean full;
    private final boolean withScale;
    private final Path out;
    private final Path work;
    private final Path templates;
    private final String python;
    private final Path pythonScript;
    private final Set<String> skip;
    private final Path base;
    private final boolean rebuildOpenCache;
    private final String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    private final String classPath = System.getProperty("java.class.path");

    private final Map<Key, Figure> results = new LinkedHashMap<>();
    /** The tier step's figures: one a round, each round one fork of every store. */
    private final Map<Key, List<Figure>> forked = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String[]> openRows = new ArrayList<>();
    private final List<String[]> jvmRows = new ArrayList<>();
    private final Map<String, Double> twoJvmRatio = new LinkedHashMap<>();
    private final Map<String, Double> openMedians = new LinkedHashMap<>();
    private final List<String[]> diskRows = new ArrayList<>();
    /** Scale step: "store op" to entries to figure. */
    private final Map<String, Map<Integer, Figure>> scale = new LinkedHashMap<>();
    /** Scale step: "store op" to entries to the measured rounds' minor page faults per operation. */
    private final Map<String, Map<Integer, Double>> scaleFaults = new LinkedHashMap<>();
    /** Scale step: "store op" to entries to the median of the rounds' ratios to the first size. */
    private final Map<String, Map<Integer, Double>> scaleRoundRatios = new LinkedHashMap<>();
    /** Tier step in one JVM: operation (getHit, getMiss, put) to jcache's and jcache-noheap's figures. */
    private final Map<String, Figure[]> tierInOneJvm = new LinkedHashMap<>();
    /** Tier step in one JVM: operation to the median of the rounds' jcache ÷ jcache-noheap. */
    private final Map<String, Double> tierInOneJvmRatio = new LinkedHashMap<>();
    private final List<Integer> scaleEntries;
    private String pythonHeader = "";
    private final List<String> commands = new ArrayList<>();

    private Suite(boolean full, boolean withScale, Path out, Path base, String python, Path pythonScript,
                  Set<String> skip, boolean rebuildOpenCache, List<Integer> scaleEntries) throws IOException {
        this.full = full;
        this.withScale = withScale;
        this.scaleEntries = scaleEntries;
        this.base = base;
        this.rebuildOpenCache = rebuildOpenCache;
        this.out = Files.createDirectories(out);
        this.work = Files.createTempDirectory(Files.createDirectories(base), "jdiskcache-suite-");
        this.templates = work.resolve("templates");
        this.python = python;
        this.pythonScript = pythonScript;
        this.skip = skip;
    }

    public static void main(String[] args) throws Exception {
        boolean full = false;
        boolean withScale = false;
        Path out = Paths.get("target", "bench-results");
        Path base = Paths.get(System.getProperty("java.io.tmpdir"));
        String python = "/usr/bin/python3";
        Path script = Paths.get("src", "jmh", "python", "diskcache_bench.py");
        Set<String> skip = new HashSet<>();
        boolean rebuildOpenCache = false;
        List<Integer> scaleEntries = SCALE_ENTRIES;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> full = false;
                case "--full" -> full = true;
                case "--scale" -> withScale = true;
                case "--out" -> out = Paths.get(args[++i]);
                case "--dir" -> base = Paths.get(args[++i]);
                case "--python" -> python = args[++i];
                case "--python-script" -> script = Paths.get(args[++i]);
                case "--skip" -> skip.addAll(Arrays.asList(args[++i].split(",")));
                case "--rebuild-open-cache" -> rebuildOpenCache = true;
                case "--scale-entries" -> scaleEntries = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                default -> {
                    System.err.println("usage: Suite [--quick|--full] [--out folder] [--dir folder] [--python path]"
                            + " [--python-script path] [--skip jmh1,jmh2,jmh8,python,open,jvms,disk,scale]"
                            + " [--rebuild-open-cache] [--scale] [--scale-entries 100000,1000000,4000000]");
                    System.exit(2);
                }
            }
        }
        Suite suite = new Suite(full, withScale, out, base, python, script, skip, rebuildOpenCache, scaleEntries);
        suite.commands.add("java -cp target/jdiskcache-benchmarks.jar io.github.jdiskcache.bench.Suite "
                + String.join(" ", args));
        try {
            suite.run();
        } finally {
            Workload.deleteTree(suite.work);
        }
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        System.setProperty("jmh.ignoreLock", "true"); // other JMH runs may share the machine: noted in the report
        System.setProperty("jdiskcache.bench.templates", templates.toString());
        System.setProperty("jdiskcache.bench.dir", work.toString());
        step("jmh1", this::jmhOneThread);
        step("jmh2", this::jmhTwoThreads);
        step("jmh8", this::jmhManyThreads);
        step("tier", this::tierRounds);
        step("python", this::python);
        step("open", this::openTime);
        step("jvms", this::twoJvms);
        step("disk", this::disk);
        if (full || withScale) {
            step("scale", this::scale);
        }
        String report = report((System.nanoTime() - started) / 1e9);
        Path file = out.resolve("suite-" + (full ? "full" : "quick") + ".md");
        Files.writeString(file, report);
        System.out.println();
        System.out.println(report);
        System.out.println("[suite] report written to " + file);
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(String name, Step body) {
        if (skip.contains(name)) {
            notes.add("step " + name + " skipped (--skip)");
            return;
        }
        long started = System.nanoTime();
        System.out.printf("[suite] %s ...%n", name);
        try {
            body.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            notes.add("step " + name + " FAILED: " + e);
        }
        System.out.printf("[suite] %s done in %.0f s%n", name, (System.nanoTime() - started) / 1e9);
    }

    // ------------------------------------------------------------------ JMH

    private ChainedOptionsBuilder jmh(String log, List<String> ops) {
        return jmh(log, ops, STORES);
    }

    private ChainedOptionsBuilder jmh(String log, List<String> ops, List<String> stores) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("io\\.github\\.jdiskcache\\.bench\\.StoreBenchmark\\.(" + String.join("|", ops) + ")$")
                .param("store", stores.toArray(new String[0]))
                .forks(1)
                // 6 s of warm-up in both modes: the heap-tier and by-value reads ran 20x slower for
                // their first 2-5 s (C2 compiling their paths on the second core, and, before the
                // heap was pre-touched, the page faults of their allocations), so a shorter warm-up
                // measured the start; sqlite's reads, mostly native, showed no such phase.
                // 5 measured iterations, so that one slow second does not move a median.
                .warmupIterations(full ? 3 : 6)
                .warmupTime(TimeValue.seconds(full ? 2 : 1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(full ? 2 : 1))
                // A heap touched before it is measured: see StoreBenchmark's @Fork.
                .jvmArgsAppend("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-Djdiskcache.bench.templates=" + templates,
                        "-Djdiskcache.bench.dir=" + work)
                // Each iteration's page faults per operation in the log: a fork still mapping its
                // shards' pages in for the first time is not measuring the steady cost.
                .addProfiler(PageFaults.class)
                .output(out.resolve(log).toString());
        return options;
    }

    private void jmhOneThread() throws RunnerException {
        List<int[]> shapes = full ? List.of(new int[] {100, ENTRIES}, new int[] {1024, ENTRIES},
                new int[] {BIG_VALUE, BIG_ENTRIES}) : List.of(new int[] {1024, ENTRIES});
        for (int[] shape : shapes) {
            String log = "jmh-1thread-" + shape[0] + ".log";
            System.out.printf("[suite]   1 thread, %d B x %d entries: %d trials, JMH log in %s%n", shape[0], shape[1],
                    STORES.size() * OPS.size(), out.resolve(log));
            collect(new Runner(jmh(log, OPS)
                    .param("size", String.valueOf(shape[0]))
                    .param("entries", String.valueOf(shape[1]))
                    .threads(1)
                    .mode(Mode.AverageTime)
                    .timeUnit(TimeUnit.MICROSECONDS)
                    .build()).run());
        }
    }

    private void jmhTwoThreads() throws RunnerException {
        List<String> ops = full ? OPS : List.of("getHit", "put");
        for (int size : full ? new int[] {100, 1024} : new int[] {1024}) {
            String log = "jmh-2threads-" + size + ".log";
            System.out.printf("[suite]   2 threads, %d B x %d entries: %d trials, JMH log in %s%n", size, ENTRIES,
                    STORES.size() * ops.size(), out.resolve(log));
            collect(new Runner(jmh(log, ops)
                    .param("size", String.valueOf(size))
                    .param("entries", String.valueOf(ENTRIES))
                    .threads(2)
                    .mode(Mode.Throughput)
                    .timeUnit(TimeUnit.SECONDS)
                    .build()).run());
        }
    }

    private void jmhManyThreads() throws RunnerException {
        String log = "jmh-" + MANY_THREADS + "threads-1024.log";
        System.out.printf("[suite]   %d threads, 1 KiB x %d entries: %d trials, JMH log in %s%n", MANY_THREADS, ENTRIES,
                MANY_THREAD_STORES.size() * MANY_THREAD_OPS.size(), out.resolve(log));
        collect(new Runner(jmh(log, MANY_THREAD_OPS, MANY_THREAD_STORES)
                .param("size", "1024")
                .param("entries", String.valueOf(ENTRIES))
                .threads(MANY_THREADS)
                .mode(Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                .build()).run());
    }

    /**
     * The heap tier against no tier (and, with 2 threads, the floor) over {@link #TIER_ROUNDS} rounds,
     * for the targets that allow 5 %: step 1's single fork cannot tell 5 % from a fork's luck. The
     * forks run in rounds, each round one fork of every store back to back, and a ratio is the
     * median of the rounds' ratios: this host has phases of minutes in which every fork reads
     * slower (all three forks of one store 14 µs a get, the next store's 11), and three forks of one
     * store in a row all land in the same phase.
     */
    private void tierRounds() throws RunnerException, IOException, InterruptedException {
        System.out.printf("[suite]   heap tier, %d rounds of one fork each, 1 and 2 threads: JMH logs %s, %s%n",
                TIER_ROUNDS, out.resolve("jmh-tier-r<round>.log"), out.resolve("jmh-tier-2threads-r<round>.log"));
        for (int round = 1; round <= TIER_ROUNDS; round++) {
            tierRun("jmh-tier-r" + round + ".log", TIER_OPS, List.of("jcache", "jcache-noheap"), 1, Mode.AverageTime,
                    TimeUnit.MICROSECONDS);
            tierRun("jmh-tier-2threads-r" + round + ".log", List.of("getHit"), MANY_THREAD_STORES, 2,
                    Mode.Throughput, TimeUnit.SECONDS);
        }
        Path folder = work.resolve("tier-rounds");
        try {
            for (String op : TIER_OPS) {
                // jcache-noheap first: the ratios InterleavedRounds prints are to the first store.
                List<String[]> lines = interleaved(ROUNDS_OPS.get(op), "jcache-noheap,jcache", folder,
                        String.valueOf(ENTRIES), "tier-rounds-" + op + ".log");
                Figure[] figures = new Figure[2];
                for (String[] f : lines) {
                    figures[f[1].equals("jcache") ? 0 : 1] = roundsFigure(f);
                    if (f[1].equals("jcache")) {
                        tierInOneJvmRatio.put(op, Double.parseDouble(f[13]));
                    }
                }
                if (figures[0] != null && figures[1] != null) {
                    tierInOneJvm.put(op, figures);
                }
            }
        } finally {
            Workload.deleteTree(folder);
        }
    }

    private void tierRun(String log, List<String> ops, List<String> stores, int threads, Mode mode, TimeUnit unit)
            throws RunnerException {
        Map<Key, Figure> round = new LinkedHashMap<>();
        collect(new Runner(jmh(log, ops, stores)
                .param("size", "1024")
                .param("entries", String.valueOf(ENTRIES))
                .threads(threads)
                .mode(mode)
                .timeUnit(unit)
                .build()).run(), round);
        round.forEach((key, figure) -> forked.computeIfAbsent(key, k -> new ArrayList<>()).add(figure));
    }

    private void collect(Collection<RunResult> runs) {
        collect(runs, results);
    }

    private static void collect(Collection<RunResult> runs, Map<Key, Figure> into) {
        for (RunResult run : runs) {
            String benchmark = run.getParams().getBenchmark();
            String op = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            Statistics statistics = run.getPrimaryResult().getStatistics();
            into.put(new Key(run.getParams().getParam("store"), Integer.parseInt(run.getParams().getParam("size")),
                    run.getParams().getThreads(), op),
                    new Figure(statistics.getPercentile(50), statistics.getMin(), statistics.getMax(),
                            (int) statistics.getN()));
        }
    }

    // ------------------------------------------------------------------ scale (--full)

    /**
     * Get-hit and put, 1 KiB values, 1 thread, at each of {@link #scaleEntries} entries: jcache
     * without its heap tier (with a size limit that evicts nothing) and its sqlite8 floor, each store
     * and operation in one child JVM of {@link InterleavedRounds} that holds all sizes open and alternates
     * between them, so that a ratio compares the same minutes of the machine. The sizes start from the
     * suite's templates (4,000,000 entries need about 25 GB in the work folder: templates and copies).
     */
    private void scale() throws IOException, InterruptedException {
        Path folder = work.resolve("scale");
        String sizes = String.join(",", scaleEntries.stream().map(String::valueOf).toList());
        try {
            for (String store : List.of("jcache-noheap", "sqlite8")) {
                for (String op : List.of("put", "get")) {
                    scaleRounds(store, op, folder, sizes);
                }
                Workload.deleteTree(folder);
            }
        } finally {
            Workload.deleteTree(folder);
        }
    }

    private void scaleRounds(String store, String op, Path folder, String sizes) throws IOException, InterruptedException {
        String storeOp = store + " " + (op.equals("get") ? "getHit" : op);
        for (String[] f : interleaved(op, store, folder, sizes, "scale-" + store + "-" + op + ".log")) {
            int entries = Integer.parseInt(f[3]);
            scale.computeIfAbsent(storeOp, key -> new LinkedHashMap<>()).put(entries, roundsFigure(f));
            scaleRoundRatios.computeIfAbsent(storeOp, key -> new LinkedHashMap<>()).put(entries, Double.parseDouble(f[13]));
            scaleFaults.computeIfAbsent(storeOp, key -> new LinkedHashMap<>()).put(entries, Double.parseDouble(f[15]));
        }
    }

    /**
     * Runs {@link InterleavedRounds} in a child JVM ({@code op} on {@code stores} at {@code sizes}, both
     * comma-separated), its output kept in {@code logName}; returns its RESULT lines split at spaces:
     * RESULT store op entries median m min a max b ratio r round-ratio-median q faults/op f.
     */
    private List<String[]> interleaved(String op, String stores, Path folder, String sizes, String logName)
            throws IOException, InterruptedException {
        Path log = out.resolve(logName);
        List<String> command = List.of(javaBin, "-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch",
                "-Djdiskcache.bench.templates=" + templates, "-Djdiskcache.bench.sizeLimit=" + SCALE_SIZE_LIMIT,
                "-cp", classPath, InterleavedRounds.class.getName(), op, stores, folder.toString(), sizes,
                String.valueOf(SCALE_ROUNDS), String.valueOf(SCALE_ROUND_SECONDS));
        System.out.printf("[suite]   %s %s at %s entries x 1 KiB, interleaved in one JVM: log in %s%n", stores, op,
                sizes, log);
        commands.add(String.join(" ", command).replace(javaBin, "java").replace(work.toString(), "/tmp").replace(classPath,
                "target/jdiskcache-benchmarks.jar"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
            }
        }
        Files.write(log, lines);
        if (process.waitFor() != 0) {
            notes.add("InterleavedRounds " + op + " " + stores + " exited with " + process.exitValue() + ", see " + log);
            return List.of();
        }
        return lines.stream().map(line -> line.split(" ")).filter(f -> f[0].equals("RESULT")).toList();
    }

    private static Figure roundsFigure(String[] result) {
        return new Figure(Double.parseDouble(result[5]), Double.parseDouble(result[7]), Double.parseDouble(result[9]),
                SCALE_ROUNDS);
    }

    // ------------------------------------------------------------------ Python

    private void python() throws IOException, InterruptedException {
        if (!Files.exists(pythonScript)) {
            notes.add("Python step skipped: " + pythonScript + " not found (run the suite from the repository root)");
            return;
        }
        List<String> command = List.of(python, pythonScript.toString(), "--entries", String.valueOf(ENTRIES),
                "--sizes", full ? "100,1024" : "1024", "--rounds", full ? "25" : "7", "--ops", "2000",
                "--dir", work.toString());
        commands.add(String.join(" ", command).replace(work.toString(), "/tmp"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
                System.out.println("[python] " + line);
            }
        }
        if (process.waitFor() != 0) {
            notes.add("Python script exited with " + process.exitValue());
        }
        Files.write(out.resolve("python.txt"), lines);
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f[0].equals("RESULT")) {
                results.put(new Key(f[1], Integer.parseInt(f[2]), 1, f[3]),
                        new Figure(Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                                Integer.parseInt(f[9])));
            } else if (f[0].equals("DISK")) {
                long entries = Long.parseLong(f[3]);
                diskRows.add(new String[] {f[1], f[2] + " B", f[3], String.valueOf(entries),
                        perEntry(Long.parseLong(f[4]), entries), perEntry(Long.parseLong(f[5]), entries)});
            } else if (line.startsWith("# diskcache")) {
                pythonHeader = line.substring(2);
            }
        }
    }

    // ------------------------------------------------------------------ open time

    /**
     * Writing 1,000,000 entries takes about a minute here, so the cache is kept between runs in
     * {@code <dir>/jdiskcache-suite-open-1m} (about 220 MB) and reused when it is complete and still
     * opens; {@code --rebuild-open-cache} writes it again.
     */
    private void openTime() throws IOException, InterruptedException {
        Path manager = base.resolve("jdiskcache-suite-open-1m");
        Path marker = manager.resolve("suite-complete");
        boolean reused = false;
        if (!rebuildOpenCache && Files.exists(marker)) {
            try {
                OpenTime.jcache(manager, Workload.key(OPEN_ENTRIES - 1));
                reused = true;
            } catch (RuntimeException e) {
                System.out.println("[suite]   kept 1M-entry cache unusable, rebuilding: " + e);
            }
        }
        long started = System.nanoTime();
        if (!reused) {
            Workload.deleteTree(manager);
            OpenTime.build(manager, OPEN_ENTRIES, OPEN_VALUE);
            Files.writeString(marker, "complete\n");
        }
        Path cacheDir = OpenTime.cacheDirectory(manager);
        long[] usage = Workload.diskUsage(manager);
        String how = reused ? "reused from an earlier run" : String.format(Locale.ROOT, "built in %.0f s",
                (System.nanoTime() - started) / 1e9);
        System.out.printf("[suite]   %,d x %d B %s (%s), %d MB on disk%n", OPEN_ENTRIES, OPEN_VALUE, how, manager,
                usage[1] / 1_000_000);
        SplittableRandom random = new SplittableRandom(3);
        int warmRepeats = full ? 15 : 5;
        int freshRepeats = full ? 21 : 11; // fresh JVMs vary by ±15 % here: medians need more than a few
        double[] warmFanout = new double[warmRepeats];
        double[] warmJcache = new double[warmRepeats];
        for (int i = 0; i < warmRepeats; i++) {
            warmFanout[i] = OpenTime.fanout(cacheDir, Workload.key(random.nextInt(OPEN_ENTRIES))) / 1e6;
            warmJcache[i] = OpenTime.jcache(manager, Workload.key(random.nextInt(OPEN_ENTRIES))) / 1e6;
        }
        Path cdsArchive = work.resolve("cli.jsa");
        cliGet(List.of("-XX:ArchiveClassesAtExit=" + cdsArchive), cacheDir, Workload.key(0));
        // An application's own class-data-sharing archive, made by one run as configuration.md describes.
        Path fanoutArchive = work.resolve("open-fanout.jsa");
        Path jcacheArchive = work.resolve("open-jcache.jsa");
        freshOpen("fanout", cacheDir, Workload.key(1), List.of("-XX:ArchiveClassesAtExit=" + fanoutArchive));
        freshOpen("jcache", manager, Workload.key(1), List.of("-XX:ArchiveClassesAtExit=" + jcacheArchive));
        Launcher launcher = Launcher.find(work);
        if (launcher != null) {
            launcher.get(cacheDir, Workload.key(0)); // its first call makes its archive
        } else {
            notes.add("CLI launcher row skipped: no target/jdiskcache and target/jdiskcache-cli.jar"
                    + " (run `mvn -B -DskipTests package` and the suite from the repository root)");
        }
        Path keptLibrary = keptNativeLibrary(manager);
        if (keptLibrary == null) {
            notes.add("floor row with a kept library skipped: no sqlite library kept in " + manager);
        }
        List<String> keptLibraryOptions = keptLibrary == null ? null : List.of("-Dorg.sqlite.lib.path="
                + keptLibrary.getParent(), "-Dorg.sqlite.lib.name=" + keptLibrary.getFileName());
        Path floorArchive = work.resolve("open-sqlite.jsa");
        if (keptLibrary != null) {
            String key = Workload.key(1);
            List<String> dump = new ArrayList<>(keptLibraryOptions);
            dump.add("-XX:ArchiveClassesAtExit=" + floorArchive);
            freshOpen("sqlite", shardFile(cacheDir, key), key, dump);
        }
        double[][] fresh = new double[17][freshRepeats];
        for (int i = 0; i < freshRepeats; i++) {
            double[] f = freshOpen("fanout", cacheDir, Workload.key(random.nextInt(OPEN_ENTRIES)), List.of());
            double[] j = freshOpen("jcache", manager, Workload.key(random.nextInt(OPEN_ENTRIES)), List.of());
            double[] extracting = freshOpen("fanout", cacheDir, Workload.key(random.nextInt(OPEN_ENTRIES)),
                    List.of("-Djdiskcache.keep_native_library=false"));
            fresh[0][i] = f[0];
            fresh[1][i] = f[1];
            fresh[2][i] = j[0];
            fresh[3][i] = j[1];
            fresh[4][i] = extracting[0];
            fresh[5][i] = extracting[1];
            fresh[6][i] = cliGet(List.of(), cacheDir, Workload.key(random.nextInt(OPEN_ENTRIES)));
            fresh[7][i] = cliGet(List.of("-XX:SharedArchiveFile=" + cdsArchive), cacheDir,
                    Workload.key(random.nextInt(OPEN_ENTRIES)));
            fresh[8][i] = freshOpen("fanout", cacheDir, Workload.key(random.nextInt(OPEN_ENTRIES)),
                    List.of("-XX:SharedArchiveFile=" + fanoutArchive))[0];
            fresh[9][i] = freshOpen("jcache", manager, Workload.key(random.nextInt(OPEN_ENTRIES)),
                    List.of("-XX:SharedArchiveFile=" + jcacheArchive))[0];
            fresh[10][i] = launcher == null ? Double.NaN : launcher.get(cacheDir, Workload.key(random.nextInt(OPEN_ENTRIES)));
            // The floors: what the JVM and bare sqlite-jdbc cost a fresh process before jdiskcache does anything.
            String key = Workload.key(random.nextInt(OPEN_ENTRIES));
            Path shardFile = shardFile(cacheDir, key);
            double[] bare = freshOpen("sqlite", shardFile, key, List.of());
            fresh[11][i] = bare[0];
            fresh[12][i] = bare[1];
            fresh[13][i] = keptLibrary == null ? Double.NaN : freshOpen("sqlite", shardFile, key, keptLibraryOptions)[0];
            List<String> withArchive = new ArrayList<>(keptLibraryOptions == null ? List.of() : keptLibraryOptions);
            withArchive.add("-XX:SharedArchiveFile=" + floorArchive);
            fresh[16][i] = keptLibrary == null ? Double.NaN : freshOpen("sqlite", shardFile, key, withArchive)[0];
            fresh[14][i] = freshOpen("jvm", Path.of("-"), "-", List.of())[1];
            fresh[15][i] = freshOpen("jvm", Path.of("-"), "-", LAUNCHER_JVM_OPTIONS)[1];
        }
        addOpen("FanoutCache.open + get, warm JVM", warmFanout);
        addOpen("JCache getCacheManager + getCache + get, warm JVM", warmJcache);
        addOpen("FanoutCache, fresh JVM, timed inside main", fresh[0]);
        addOpen("FanoutCache, fresh JVM, whole process (JVM start to exit)", fresh[1]);
        addOpen("JCache, fresh JVM, timed inside main", fresh[2]);
        addOpen("JCache, fresh JVM, whole process (JVM start to exit)", fresh[3]);
        addOpen("FanoutCache, fresh JVM, sqlite-jdbc extracting its library (keep_native_library=false), inside main",
                fresh[4]);
        addOpen("FanoutCache, fresh JVM, sqlite-jdbc extracting its library (keep_native_library=false), whole process",
                fresh[5]);
        addOpen("CLI get, whole process", fresh[6]);
        addOpen("CLI get with a CDS archive made by its first run, whole process", fresh[7]);
        addOpen("FanoutCache, fresh JVM, timed inside main, with an application CDS archive", fresh[8]);
        addOpen("JCache, fresh JVM, timed inside main, with an application CDS archive", fresh[9]);
        if (launcher != null) {
            addOpen("CLI get through the launcher target/jdiskcache (its CDS archive and JVM options), whole process",
                    fresh[10]);
        }
        addOpen("Floor: bare sqlite-jdbc (extracting its library), fresh JVM, connect to the key's shard file + one select,"
                + " inside main", fresh[11]);
        addOpen("Floor: the same bare sqlite-jdbc read, whole process", fresh[12]);
        if (keptLibrary != null) {
            addOpen("Floor: the same bare sqlite-jdbc read told to load the kept library (org.sqlite.lib.path, no checks),"
                    + " inside main", fresh[13]);
            addOpen("Floor: the same bare sqlite-jdbc read with the kept library and an application CDS archive,"
                    + " inside main", fresh[16]);
        }
        addOpen("Floor: the JVM alone (a main that returns at once), whole process", fresh[14]);
        addOpen("Floor: the JVM alone with the launcher's JVM options (no archive of ours), whole process", fresh[15]);
        notes.add(String.format("open time: %,d entries x %d B in 8 shards (%s MB allocated, %s, kept in %s),"
                + " files in the OS page cache", OPEN_ENTRIES, OPEN_VALUE, usage[1] / 1_000_000, how, manager));
    }

    /** The key's shard database, for the bare sqlite-jdbc floor. */
    private static Path shardFile(Path cacheDir, String key) {
        try (FanoutCache cache = FanoutCache.open(cacheDir)) {
            return cache.shardFor(key).directory().resolve(Shard.DATABASE_FILE);
        }
    }

    /** The sqlite library jdiskcache keeps next to the caches in {@code parent}, null when there is none. */
    private static Path keptNativeLibrary(Path parent) throws IOException {
        Path folder = parent.resolve(".jdiskcache-native");
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".so") && Files.isRegularFile(file))
                    .findFirst().orElse(null);
        }
    }

    private double[] freshOpen(String mode, Path folder, String key, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, OpenTime.class.getName(), mode, folder.toString(), key));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double wall = (System.nanoTime() - started) / 1e6;
        if (exit != 0 || !output.contains("OPEN_MS")) {
            throw new IllegalStateException("OpenTime " + mode + " failed (" + exit + "): " + output);
        }
        String ms = output.substring(output.indexOf("OPEN_MS") + 8).trim().split("\\s+")[0];
        return new double[] {Double.parseDouble(ms), wall};
    }

    /** Milliseconds from starting {@code jdiskcache get <cache> <key>} in a fresh JVM to its exit. */
    private double cliGet(List<String> jvmOptions, Path cacheDir, String key) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, "io.github.jdiskcache.cli.Main", "get", cacheDir.toString(), key));
        return millisToGet(new ProcessBuilder(command), key);
    }

    /** Milliseconds from starting a CLI {@code get} to its exit; it must succeed and print the value. */
    private static double millisToGet(ProcessBuilder get, String key) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = get.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int bytes = process.getInputStream().readAllBytes().length;
        int exit = process.waitFor();
        double wall = (System.nanoTime() - started) / 1e6;
        if (exit != 0 || bytes == 0) {
            throw new IllegalStateException(String.join(" ", get.command()) + " failed (" + exit + ") for " + key);
        }
        return wall;
    }

    /**
     * The command-line tool as a user runs it: {@code target/jdiskcache} with the tool's jar, its
     * class-data-sharing archive kept in a folder of this run's own.
     */
    private record Launcher(Path script, Path jar, Path archives) {
        static Launcher find(Path work) {
            Path script = Path.of("target", "jdiskcache").toAbsolutePath();
            Path jar = Path.of("target", "jdiskcache-cli.jar").toAbsolutePath();
            return Files.isRegularFile(script) && Files.isRegularFile(jar) ? new Launcher(script, jar, work.resolve("xdg"))
                    : null;
        }

        /** Milliseconds from starting {@code jdiskcache get <cache> <key>} to its exit. */
        double get(Path cacheDir, String key) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "get", cacheDir.toString(), key);
            builder.environment().put("XDG_CACHE_HOME", archives.toString());
            builder.environment().put("JDISKCACHE_CLI_JAR", jar.toString());
            builder.environment().remove("JDISKCACHE_JAVA_OPTIONS");
            return millisToGet(builder, key);
        }
    }

    private void addOpen(String what, double[] millis) {
        Figure figure = figure(millis);
        openMedians.put(what, figure.median());
        openRows.add(new String[] {what, fmt(figure.median()), fmt(figure.min()) + "–" + fmt(figure.max()),
                String.valueOf(millis.length)});
    }

    // ------------------------------------------------------------------ 2 JVMs

    private void twoJvms() throws IOException, InterruptedException {
        long measure = full ? 10_000 : 3_000;
        long warmup = full ? 8_000 : 4_000; // includes the JVM's start
        int rounds = full ? 3 : 1;
        for (String store : List.of("fanout8", "jcache")) {
            String mode = store.equals("fanout8") ? "fanout" : "jcache";
            try (Workload workload = Workload.open(store, ENTRIES, 1024)) {
                workload.closeStoreAndMeasureDisk();
                Path folder = workload.directory();
                double[] one = new double[rounds];
                double[] two = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    one[round] = writers(mode, folder, 1, warmup, measure);
                    two[round] = writers(mode, folder, 2, warmup, measure);
                    System.out.printf("[suite]   %s round %d: 1 JVM %.0f puts/s, 2 JVMs %.0f puts/s%n", store, round,
                            one[round], two[round]);
                }
                Figure single = figure(one);
                Figure pair = figure(two);
                twoJvmRatio.put(store, pair.median() / single.median());
                jvmRows.add(new String[] {store, kops(single.median()) + " (" + kops(single.min()) + "–"
                        + kops(single.max()) + ")", kops(pair.median()) + " (" + kops(pair.min()) + "–"
                        + kops(pair.max()) + ")", String.format(Locale.ROOT, "%.2f", pair.median() / single.median())});
            }
        }
        notes.add(String.format("2 JVMs: 8-shard cache of %,d x 1 KiB; each writer JVM (-Xmx512m) overwrites random"
                + " keys, %d s warm-up then %d s measured, %d round(s); both JVMs measured over the same wall-clock"
                + " window", ENTRIES, warmup / 1000, measure / 1000, rounds));
    }

    /** Summed puts/s of {@code count} writer JVMs over the same window. */
    private double writers(String mode, Path folder, int count, long warmup, long measure)
            throws IOException, InterruptedException {
        long startAt = System.currentTimeMillis() + warmup;
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            processes.add(new ProcessBuilder(javaBin, "-Xmx512m", "-cp", classPath, TwoJvmWriters.class.getName(), mode,
                    folder.toString(), String.valueOf(ENTRIES), "1024", String.valueOf(startAt),
                    String.valueOf(measure), String.valueOf(100 + i))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        double sum = 0;
        for (Process process : processes) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0 || !output.startsWith("PUTS")) {
                throw new IllegalStateException("writer JVM failed: " + output);
            }
            String[] f = output.trim().split("\\s+");
            double rate = Long.parseLong(f[1]) / (Long.parseLong(f[2]) / 1e9);
            System.out.printf("[suite]     writer %d of %d (%s): %.0f puts/s; %s%n", processes.indexOf(process) + 1, count,
                    mode, rate, output.trim());
            sum += rate;
        }
        return sum;
    }

    // ------------------------------------------------------------------ bytes on disk

    private void disk() {
        List<int[]> shapes = full ? List.of(new int[] {100, ENTRIES}, new int[] {1024, ENTRIES},
                new int[] {BIG_VALUE, BIG_ENTRIES}) : List.of(new int[] {1024, ENTRIES});
        for (int[] shape : shapes) {
            for (String store : PERSISTENT) {
                try (Workload workload = Workload.open(store, shape[1], shape[0])) {
                    int present = workload.countPresent();
                    long[] usage = workload.closeStoreAndMeasureDisk();
                    diskRows.add(new String[] {store, shape[0] + " B", String.valueOf(shape[1]),
                            String.valueOf(present), perEntry(usage[0], shape[1]), perEntry(usage[1], shape[1])});
                    if (present < shape[1]) {
                        notes.add(String.format("%s lost %,d of %,d entries of %d B right after the preload",
                                store, shape[1] - present, shape[1], shape[0]));
                    }
                }
            }
        }
    }

    private static String perEntry(long bytes, long entries) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,d", Math.round((double) bytes / entries));
    }

    // ------------------------------------------------------------------ report

    static String floorOf(String store) {
        return switch (store) {
            case "jcache", "fanout8", "sqlite8", "py-fanout8" -> "sqlite8";
            default -> "sqlite1";
        };
    }

    private Double ratio(Key key) {
        Figure figure = results.get(key);
        Figure floor = results.get(new Key(floorOf(key.store()), key.size(), key.threads(), key.op()));
        if (figure == null || floor == null) {
            return null;
        }
        return key.threads() == 1 ? figure.median() / floor.median() : floor.median() / figure.median();
    }

    /**
     * From the tier step: the median over its rounds of store ÷ other with 1 thread (time per
     * operation), other ÷ store with more (throughput), each ratio taken within one round.
     */
    private Double forkedRatio(String store, String other, int threads, String op) {
        List<Figure> figures = forked.get(new Key(store, 1024, threads, op));
        List<Figure> bases = forked.get(new Key(other, 1024, threads, op));
        if (figures == null || bases == null || figures.size() != bases.size()) {
            return null;
        }
        double[] ratios = new double[figures.size()];
        for (int round = 0; round < ratios.length; round++) {
            double figure = figures.get(round).median();
            double base = bases.get(round).median();
            ratios[round] = threads == 1 ? figure / base : base / figure;
        }
        return median(ratios);
    }

    /** " (a against b unit, rounds' ratios x, y, z)" for a target line of the tier step, or "" when either is missing. */
    private String forkedFigures(String store, String other, int threads, String op) {
        List<Figure> figures = forked.get(new Key(store, 1024, threads, op));
        List<Figure> bases = forked.get(new Key(other, 1024, threads, op));
        if (figures == null || bases == null || figures.size() != bases.size()) {
            return "";
        }
        double figure = median(figures.stream().mapToDouble(Figure::median).toArray());
        double base = median(bases.stream().mapToDouble(Figure::median).toArray());
        StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < figures.size(); round++) {
            double a = figures.get(round).median();
            double b = bases.get(round).median();
            rounds.append(round == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", threads == 1 ? a / b : b / a));
        }
        return threads == 1
                ? String.format(Locale.ROOT, " (medians %s against %s µs; rounds %s)", fmt(figure), fmt(base), rounds)
                : String.format(Locale.ROOT, " (medians %s against %s gets/s; rounds %s)", kops(figure), kops(base),
                        rounds);
    }

    private Double ratio(String store, String floor, int size, String op) {
        Figure figure = results.get(new Key(store, size, 1, op));
        Figure base = results.get(new Key(floor, size, 1, op));
        return figure == null || base == null ? null : figure.median() / base.median();
    }

    private String report(double seconds) {
        StringBuilder r = new StringBuilder();
        r.append("# jdiskcache benchmark suite (").append(full ? "full" : "quick").append(" mode)\n\n");
        r.append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        r.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (nproc), ")
                .append(cpuModel()).append(", shared with other builds and benchmarks\n");
        r.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append("; SQLite ").append(sqliteVersion())
                .append(" (sqlite-jdbc)\n");
        if (!pythonHeader.isEmpty()) {
            r.append("- Python side: ").append(pythonHeader).append('\n');
        }
        r.append("- commands: `mvn -B -q -Pbench -DskipTests package`");
        for (String command : commands) {
            r.append("; `").append(command).append('`');
        }
        r.append('\n');
        r.append(String.format(Locale.ROOT, "- suite wall time: %.0f s%n%n", seconds));

        r.append("Cells: median (min–max) ×ratio. JMH: median and spread of the measured iterations' means"
                + " (1 fork, -Xms2g with the heap touched before the first iteration); Python: of the rounds' means"
                + " (2,000 calls each). Ratio = time per operation ÷ the"
                + " floor's (throughput: floor ops/s ÷ store ops/s), < 1 is faster than the floor. Floor: sqlite8"
                + " for the 8-shard stores (jcache, fanout8, py-fanout8), sqlite1 for the others.\n\n");
        Set<Integer> sizes = new java.util.TreeSet<>();
        results.keySet().forEach(key -> sizes.add(key.size()));
        for (int threads : new int[] {1, 2, MANY_THREADS}) {
            for (int size : sizes) {
                List<String> ops = new ArrayList<>();
                for (String op : OPS) {
                    for (Key key : results.keySet()) {
                        if (key.threads() == threads && key.size() == size && key.op().equals(op)) {
                            ops.add(op);
                            break;
                        }
                    }
                }
                if (ops.isEmpty()) {
                    continue;
                }
                int entries = size == BIG_VALUE ? BIG_ENTRIES : ENTRIES;
                r.append(String.format(Locale.ROOT, "## %s, %s values, %,d entries, %s%n%n",
                        threads == 1 ? "1 thread" : threads + " threads", size(size), entries,
                        threads == 1 ? "µs/op" : "ops/s (sum of the threads)"));
                r.append("| store | floor |");
                ops.forEach(op -> r.append(' ').append(OP_TITLES.get(op)).append(" |"));
                r.append("\n|---|---|");
                ops.forEach(op -> r.append("---|"));
                r.append('\n');
                List<String> stores = new ArrayList<>(STORES);
                stores.addAll(List.of("py-cache", "py-fanout8"));
                for (String store : stores) {
                    StringBuilder row = new StringBuilder("| " + store + " | " + floorOf(store) + " |");
                    boolean any = false;
                    for (String op : ops) {
                        Key key = new Key(store, size, threads, op);
                        Figure figure = results.get(key);
                        if (figure == null) {
                            row.append(" – |");
                            continue;
                        }
                        any = true;
                        Double ratio = ratio(key);
                        String cell = threads == 1
                                ? fmt(figure.median()) + " (" + fmt(figure.min()) + "–" + fmt(figure.max()) + ")"
                                : kops(figure.median()) + " (" + kops(figure.min()) + "–" + kops(figure.max()) + ")";
                        row.append(' ').append(cell);
                        if (ratio != null && !store.equals(floorOf(store))) {
                            row.append(String.format(Locale.ROOT, " ×%.2f", ratio));
                        }
                        row.append(" |");
                    }
                    if (any) {
                        r.append(row).append('\n');
                    }
                }
                r.append('\n');
            }
        }
        if (!openRows.isEmpty()) {
            r.append(String.format(Locale.ROOT, "## Open a %,d-entry cache and read one key, ms%n%n", OPEN_ENTRIES));
            r.append("| what | median | min–max | runs |\n|---|---|---|---|\n");
            openRows.forEach(row -> r.append("| ").append(String.join(" | ", row)).append(" |\n"));
            r.append('\n');
        }
        if (!jvmRows.isEmpty()) {
            r.append("## Puts/s into one 8-shard cache: one writer JVM against two\n\n");
            r.append("| store | 1 JVM | 2 JVMs (sum) | 2 JVMs ÷ 1 JVM |\n|---|---|---|---|\n");
            jvmRows.forEach(row -> r.append("| ").append(String.join(" | ", row)).append(" |\n"));
            r.append('\n');
        }
        if (!diskRows.isEmpty()) {
            r.append("## Bytes on disk per entry after the preload (store closed)\n\n");
            r.append("| store | value | entries | present | apparent B/entry | allocated (du) B/entry |\n"
                    + "|---|---|---|---|---|---|\n");
            diskRows.forEach(row -> r.append("| ").append(String.join(" | ", row)).append(" |\n"));
            r.append('\n');
        }
        if (!scale.isEmpty()) {
            int smallest = scaleEntries.get(0);
            r.append(String.format(Locale.ROOT, "## Scale: 1 KiB values, 1 thread, µs/op, median (min–max) of %d"
                    + " rounds in one JVM per row (× the same row's median at %,d entries; rounds ×: the median of"
                    + " the rounds' own ratios; the measured rounds' page faults per operation, ~0 once the shards'"
                    + " maps are in)%n%n| store | operation |", SCALE_ROUNDS, smallest));
            scaleEntries.forEach(entries -> r.append(String.format(Locale.ROOT, " %,d |", entries)));
            r.append("\n|---|---|").append("---|".repeat(scaleEntries.size())).append('\n');
            scale.forEach((storeOp, byEntries) -> {
                r.append("| ").append(storeOp.replace(" ", " | ")).append(" |");
                Figure base = byEntries.get(smallest);
                for (int entries : scaleEntries) {
                    Figure figure = byEntries.get(entries);
                    if (figure == null) {
                        r.append(" – |");
                        continue;
                    }
                    r.append(' ').append(fmt(figure.median())).append(" (").append(fmt(figure.min())).append('–')
                            .append(fmt(figure.max())).append(')');
                    if (base != null) {
                        r.append(String.format(Locale.ROOT, " ×%.2f", figure.median() / base.median()));
                    }
                    Double roundRatio = scaleRoundRatios.getOrDefault(storeOp, Map.of()).get(entries);
                    if (roundRatio != null && entries != smallest) {
                        r.append(String.format(Locale.ROOT, " (rounds ×%.2f)", roundRatio));
                    }
                    Double faults = scaleFaults.getOrDefault(storeOp, Map.of()).get(entries);
                    if (faults != null) {
                        r.append(String.format(Locale.ROOT, ", %.3f faults/op", faults));
                    }
                    r.append(" |");
                }
                r.append('\n');
            });
            r.append('\n');
        }
        r.append("## Issue 5 targets (1 KiB values, 1 thread unless said)\n\n");
        target(r, "jcache get-hit ≤ 1.2× floor (sqlite8)", ratio("jcache", "sqlite8", 1024, "getHit"), 1.2);
        target(r, "jcache get-hit ≤ 1.2× sqlite1", ratio("jcache", "sqlite1", 1024, "getHit"), 1.2);
        target(r, "jcache get-hit ≤ Python Cache get-hit", ratio("jcache", "py-cache", 1024, "getHit"), 1.0);
        target(r, "jcache get-hit ≤ Python FanoutCache(8) get-hit", ratio("jcache", "py-fanout8", 1024, "getHit"),
                1.0);
        target(r, "jcache put ≤ 1.2× floor (sqlite8)", ratio("jcache", "sqlite8", 1024, "put"), 1.2);
        target(r, "fanout8 put ≤ 1.2× floor (sqlite8)", ratio("fanout8", "sqlite8", 1024, "put"), 1.2);
        target(r, "jcache get-hit ≤ 0.5× Ehcache disk tier get-hit", ratio("jcache", "ehcache-disk", 1024, "getHit"),
                0.5);
        r.append("\n## Issue 12 targets (heap tier; 1 KiB values, 1 thread)\n\n");
        target(r, "jcache get-hot ≤ 0.1× floor (sqlite8) get-hot", ratio("jcache", "sqlite8", 1024, "getHot"), 0.1);
        target(r, "jcache get-hot ≤ 3× Caffeine get-hot", ratio("jcache", "caffeine-jcache", 1024, "getHot"), 3.0);
        target(r, "jcache get-hot ≤ 3× Caffeine storing by value", ratio("jcache", "caffeine-jcache-value", 1024,
                "getHot"), 3.0);
        target(r, "jcache get-hit (mostly not in the tier) ≤ 1.05× without the tier",
                ratio("jcache", "jcache-noheap", 1024, "getHit"), 1.05);
        target(r, "jcache put ≤ 1.05× without the tier", ratio("jcache", "jcache-noheap", 1024, "put"), 1.05);
        for (String store : List.of("jcache", "jcache-noheap")) {
            // Throughput ratios are floor ÷ store: ≥ 0.9× the floor's gets/s is a ratio ≤ 1/0.9.
            Double twoThreads = ratio(new Key(store, 1024, 2, "getHit"));
            target(r, store + " get-hit, 2 threads ≥ 0.9× the floor's gets/s (floor ÷ store ≤ 1.11)", twoThreads, 1 / 0.9);
            Figure two = results.get(new Key(store, 1024, 2, "getHit"));
            Figure many = results.get(new Key(store, 1024, MANY_THREADS, "getHit"));
            if (two != null && many != null) {
                r.append(String.format(Locale.ROOT, "- %s get-hit, %d threads on %d cores: %s gets/s, %.2f× its 2-thread"
                        + " figure, %s× the floor's%n", store, MANY_THREADS, Runtime.getRuntime().availableProcessors(),
                        kops(many.median()), many.median() / two.median(),
                        ratio(new Key(store, 1024, MANY_THREADS, "getHit")) == null ? "–" : String.format(Locale.ROOT,
                                "%.2f", 1 / ratio(new Key(store, 1024, MANY_THREADS, "getHit")))));
            }
        }
        for (String op : TIER_OPS) {
            target(r, "jcache " + OP_TITLES.get(op) + " ≤ 1.05× without the tier, " + TIER_ROUNDS + " rounds"
                    + forkedFigures("jcache", "jcache-noheap", 1, op), forkedRatio("jcache", "jcache-noheap", 1, op), 1.05);
            Figure[] inOneJvm = tierInOneJvm.get(op);
            if (inOneJvm != null) {
                target(r, String.format(Locale.ROOT, "jcache %s ≤ 1.05× without the tier, both in one JVM, %d rounds"
                                + " (medians %s against %s µs)", OP_TITLES.get(op), SCALE_ROUNDS, fmt(inOneJvm[0].median()),
                        fmt(inOneJvm[1].median())), tierInOneJvmRatio.get(op), 1.05);
            }
        }
        for (String store : List.of("jcache", "jcache-noheap")) {
            target(r, store + " get-hit, 2 threads ≥ 0.9× the floor's gets/s (floor ÷ store ≤ 1.11), " + TIER_ROUNDS
                    + " rounds" + forkedFigures(store, "sqlite8", 2, "getHit"),
                    forkedRatio(store, "sqlite8", 2, "getHit"), 1 / 0.9);
        }
        for (Map.Entry<String, Double> entry : twoJvmRatio.entrySet()) {
            Double value = entry.getValue();
            r.append(String.format(Locale.ROOT, "- 2 JVMs ≥ 1.6× one JVM (%s): %.2f× — %s%n", entry.getKey(), value,
                    value >= 1.6 ? "met" : "NOT met"));
        }
        for (Map.Entry<String, Double> entry : openMedians.entrySet()) {
            if (!entry.getKey().startsWith("Floor") && (entry.getKey().contains("warm") || entry.getKey().contains("inside main"))) {
                r.append(String.format(Locale.ROOT, "- open 1M-entry cache < 50 ms (%s): %s ms — %s%n", entry.getKey(),
                        fmt(entry.getValue()), entry.getValue() < 50 ? "met" : "NOT met"));
            }
        }
        for (String op : List.of("getHit", "put")) {
            int largest = scaleEntries.get(scaleEntries.size() - 1);
            Double roundRatio = scaleRoundRatios.getOrDefault("jcache-noheap " + op, Map.of()).get(largest);
            if (roundRatio != null) {
                double limit = op.equals("put") ? 1.5 : 1.3;
                target(r, String.format(Locale.ROOT, "jcache-noheap %s at %,d entries ≤ %.1f× at %,d (median of the"
                        + " rounds' ratios)", op, largest, limit, scaleEntries.get(0)), roundRatio, limit);
            }
        }
        r.append('\n').append("## Issue 12 cold-start targets\n\n");
        String insideMainFloors = floors(Map.of("bare sqlite-jdbc", "Floor: bare sqlite-jdbc",
                "with the kept library", "Floor: the same bare sqlite-jdbc read told",
                "with the kept library and a CDS archive", "Floor: the same bare sqlite-jdbc read with"));
        String processFloors = floors(Map.of("the JVM alone", "Floor: the JVM alone (",
                "with the launcher's options", "Floor: the JVM alone with"));
        for (Map.Entry<String, Double> entry : openMedians.entrySet()) {
            String what = entry.getKey();
            boolean cli = what.startsWith("CLI get");
            double limit = cli ? 250 : what.contains("fresh JVM, timed inside main") ? 100 : -1;
            if (limit > 0) {
                r.append(String.format(Locale.ROOT, "- %s ≤ %.0f ms: %s ms — %s%s%n", what, limit, fmt(entry.getValue()),
                        entry.getValue() <= limit ? "met" : "NOT met", cli ? processFloors : insideMainFloors));
            }
        }
        r.append('\n');
        if (!notes.isEmpty()) {
            r.append("## Notes\n\n");
            notes.forEach(note -> r.append("- ").append(note).append('\n'));
        }
        return r.toString();
    }

    /**
     * The medians of the floor rows whose names start with the values of {@code rowByLabel}, as
     * " (floors: label 1 ms, ...)" in the table's order, or "" without them.
     */
    private String floors(Map<String, String> rowByLabel) {
        List<String> found = new ArrayList<>();
        openMedians.forEach((what, median) -> rowByLabel.forEach((label, prefix) -> {
            if (what.startsWith(prefix) && !median.isNaN()) {
                found.add(label + " " + fmt(median) + " ms");
            }
        }));
        return found.isEmpty() ? "" : " (floors: " + String.join(", ", found) + ")";
    }

    private static void target(StringBuilder r, String what, Double ratio, double limit) {
        if (ratio == null) {
            r.append("- ").append(what).append(": not measured\n");
            return;
        }
        // 3 decimals: a ratio printed as 1.05 may be 1.054, which a 5 % target does not allow.
        r.append(String.format(Locale.ROOT, "- %s: %.3f× — %s%n", what, ratio, ratio <= limit ? "met" : "NOT met"));
    }

    private static Figure figure(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Figure(median, sorted[0], sorted[n - 1], n);
    }

    private static String size(int bytes) {
        return bytes >= 1024 ? (bytes / 1024) + " KiB" : bytes + " B";
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static String fmt(double value) {
        if (value < 1) {
            return String.format(Locale.ROOT, "%.3f", value);
        }
        if (value < 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (value < 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }

    static String kops(double opsPerSecond) {
        if (opsPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", opsPerSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.1fk", opsPerSecond / 1e3);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String sqliteVersion() {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select sqlite_version()")) {
            row.next();
            return row.getString(1);
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
