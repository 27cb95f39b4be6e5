package io.github.jdiskcache.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Get, miss or put cost of several stores or cache sizes measured in one JVM, in rounds that
 * alternate between them: a ratio between two of them is then taken over the same minutes of the
 * machine's life. On a shared machine a JMH trial of one and a trial of another, minutes apart,
 * can land in different phases of the host (a 4,000,000-entry get here reads 15 or 21 µs from one
 * minute to the next; one fork of a 100,000-entry get-miss 8.3 µs, the next 12.4,
 * docs/performance.md), which no number of iterations inside a trial averages out.
 *
 * <pre>java -Xms3g -Xmx3g -XX:+AlwaysPreTouch -cp target/jdiskcache-benchmarks.jar io.github.jdiskcache.bench.InterleavedRounds \
 *     get|miss|put &lt;store,...&gt; &lt;folder&gt; 100000,1000000,4000000 [rounds, 12] [seconds a round, 1]</pre>
 *
 * A get reads present keys, a miss keys never stored. Each store and size ({@link BenchStores}
 * names the stores) lives in {@code <folder>/<store>-<entries>}, loaded there on the first run
 * ({@link Workload}'s keys and 1 KiB values; a copy of the suite's template when
 * {@code -Djdiskcache.bench.templates} names its folder) and reused after. Warm-up rounds run until
 * none's page faults ({@link PageFaults}) cost 1 % of its operation any more, then the measured
 * rounds visit them in a rotating order. Prints each one's median (min–max) µs/op, its ratio to
 * the first one's median (the first store at the first size), and the median of the per-round
 * ratios, both to 3 decimals so that rounding never decides a 5 % target. jcache stores get
 * {@link Suite#SCALE_SIZE_LIMIT} unless {@code -Djdiskcache.bench.sizeLimit} says otherwise, so
 * no size evicts.
 */
public final class InterleavedRounds {
    private static final int VALUE_SIZE = 1024;
    private static final int CURSOR_KEYS = 1 << 20;
    /** A minor fault of a shard's map costs about 20 µs here (docs/performance.md). */
    private static final double MICROS_PER_FAULT = 20;
    /** Warm once the faults cost under 1 % of an operation. */
    private static final double STEADY_FAULT_SHARE = 0.01;
    private static final int MIN_WARM_ROUNDS = 3;
    private static final int MAX_WARM_ROUNDS = 200;
    private static final String LOADED = "scale-rounds-loaded";

    private InterleavedRounds() {
    }

    private enum Op {
        GET, MISS, PUT
    }

    /** One store at one size and the keys its rounds walk: random ones, allocated in walking order. */
    private record Sized(String name, int entries, BenchStore store, String[] keys) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4 || !List.of("get", "miss", "put").contains(args[0])) {
            System.err.println("usage: InterleavedRounds get|miss|put <store,...> <folder> <entries,...> [rounds] [seconds]");
            System.exit(2);
        }
        Op op = Op.valueOf(args[0].toUpperCase(Locale.ROOT));
        String[] storeNames = args[1].split(",");
        Path folder = Path.of(args[2]);
        int[] sizes = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 12;
        long roundNanos = (args.length > 5 ? Long.parseLong(args[5]) : 1) * 1_000_000_000L;
        if (System.getProperty("jdiskcache.bench.sizeLimit") == null) {
            System.setProperty("jdiskcache.bench.sizeLimit", String.valueOf(Suite.SCALE_SIZE_LIMIT));
        }
        byte[][] values = Workload.values(new SplittableRandom(42), VALUE_SIZE); // the suite's values
        List<Sized> stores = new ArrayList<>();
        try {
            for (String storeName : storeNames) {
                for (int entries : sizes) {
                    stores.add(open(storeName, folder.resolve(storeName + "-" + entries), entries, values, op));
                }
            }
            warmUp(stores, op, values, roundNanos);
            measure(stores, op, values, rounds, roundNanos);
        } finally {
            stores.forEach(sized -> sized.store.close());
        }
    }

    private static Sized open(String storeName, Path directory, int entries, byte[][] values, Op op)
            throws IOException {
        if (!Files.exists(directory.resolve(LOADED))) {
            fill(storeName, directory, entries, values);
        }
        BenchStore store = BenchStores.open(storeName, directory);
        SplittableRandom random = new SplittableRandom(entries);
        String[] keys = new String[CURSOR_KEYS];
        int absent = op == Op.MISS ? entries : 0; // the workload's keys are 0..entries-1: past them, none is stored
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Workload.key(absent + random.nextInt(entries));
        }
        if ((store.get(keys[0]) == null) != (op == Op.MISS)) {
            throw new IllegalStateException(keys[0] + (op == Op.MISS ? " is present in " : " is missing from ") + directory);
        }
        return new Sized(storeName, entries, store, keys);
    }

    /** Puts the workload's first {@code entries} keys into {@code directory}: a copy of the suite's template, or a load. */
    private static void fill(String storeName, Path directory, int entries, byte[][] values) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(directory);
        String[] keys = new String[entries];
        Arrays.setAll(keys, Workload::key);
        Path template = Workload.template(storeName, entries, VALUE_SIZE);
        String how = "loaded";
        if (template != null) {
            how = Workload.copyOfTemplate(storeName, template, keys, values, directory);
        } else {
            try (BenchStore loading = BenchStores.open(storeName, directory)) {
                loading.load(keys, values);
            }
        }
        Files.writeString(directory.resolve(LOADED), entries + "\n");
        System.out.printf(Locale.ROOT, "[rounds] %s %,d entries %s into %s in %d s%n", storeName, entries, how,
                directory, (System.nanoTime() - started) / 1_000_000_000L);
    }

    private static void warmUp(List<Sized> stores, Op op, byte[][] values, long roundNanos) {
        for (int round = 0; round < MAX_WARM_ROUNDS; round++) {
            boolean steady = round >= MIN_WARM_ROUNDS;
            StringBuilder line = new StringBuilder("[rounds] warm-up");
            for (Sized sized : stores) {
                Round result = run(sized, op, values, roundNanos, round);
                steady &= result.faultsPerOp * MICROS_PER_FAULT < STEADY_FAULT_SHARE * result.micros;
                line.append(String.format(Locale.ROOT, "  %s %,d: %.2f µs/op %.4f faults/op", sized.name,
                        sized.entries, result.micros, result.faultsPerOp));
            }
            System.out.println(line);
            if (steady) {
                return;
            }
        }
        System.out.println("[rounds] WARNING: still faulting after " + MAX_WARM_ROUNDS + " warm-up rounds");
    }

    private static void measure(List<Sized> stores, Op op, byte[][] values, int rounds, long roundNanos) {
        int n = stores.size();
        double[][] micros = new double[n][rounds];
        double[] faults = new double[n];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < n; k++) {
                int s = (round + k) % n; // a rotating order: none always runs right after another
                Round result = run(stores.get(s), op, values, roundNanos, round);
                micros[s][round] = result.micros;
                faults[s] += result.faultsPerOp / rounds;
            }
        }
        String opName = op.name().toLowerCase(Locale.ROOT);
        System.out.printf(Locale.ROOT, "[rounds] %s, %d rounds of %d s each, µs/op%n", opName, rounds,
                roundNanos / 1_000_000_000L);
        double baseMedian = Suite.median(micros[0]);
        for (int s = 0; s < n; s++) {
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                ratios[round] = micros[s][round] / micros[0][round];
            }
            System.out.printf(Locale.ROOT,
                    "RESULT %s %s %d median %.2f min %.2f max %.2f ratio %.3f round-ratio-median %.3f faults/op %.5f%n",
                    stores.get(s).name, opName, stores.get(s).entries, Suite.median(micros[s]), Arrays.stream(micros[s]).min().orElse(0),
                    Arrays.stream(micros[s]).max().orElse(0), Suite.median(micros[s]) / baseMedian, Suite.median(ratios),
                    faults[s]);
        }
    }

    private record Round(double micros, double faultsPerOp) {
    }

    private static Round run(Sized sized, Op op, byte[][] values, long roundNanos, int round) {
        long[] faultsBefore = PageFaults.read();
        String[] keys = sized.keys;
        int position = (int) ((round * 7919L) & (keys.length - 1)); // each round starts elsewhere
        long operations = 0;
        long started = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                String key = keys[position];
                position = (position + 1) & (keys.length - 1);
                if (op == Op.PUT) {
                    sized.store.put(key, values[(int) (operations + i) & (values.length - 1)]);
                } else if ((sized.store.get(key) == null) != (op == Op.MISS)) {
                    throw new IllegalStateException(key + (op == Op.MISS ? " is present" : " is missing"));
                }
            }
            operations += 64;
            now = System.nanoTime();
        } while (now - started < roundNanos);
        long[] faultsAfter = PageFaults.read();
        double faultsPerOp = faultsBefore == null || faultsAfter == null ? 0
                : (faultsAfter[0] - faultsBefore[0]) / (double) operations;
        return new Round((now - started) / 1000.0 / operations, faultsPerOp);
    }
}
