package io.github.jdiskcache.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.github.jdiskcache.store.FanoutCache;

/**
 * CPU time per get or put, next to wall time: on a machine whose cores are busy with other work, an
 * operation's wall time mostly measures waiting for a core, its thread's CPU time (user + system,
 * so read(2) copies count) much less so. Gets random keys {@code bench:key:<n>} of an existing
 * FanoutCache, e.g. a StoreBenchmark template ({@code -Djdiskcache.bench.templates}), or overwrites
 * them with random 1 KiB values (a put changes the cache: use a copy you may change):
 *
 * <pre>java -cp target/jdiskcache-benchmarks.jar io.github.jdiskcache.bench.OpCpuTime get|put &lt;cache folder&gt; &lt;entries&gt; [rounds]</pre>
 *
 * Prints one line per round after a warm-up of two rounds: {@code ROUND <cpu µs/op> <wall µs/op>}
 * (100,000 gets or 5,000 puts a round).
 */
public final class OpCpuTime {
    private static final int GETS = 100_000;
    private static final int PUTS = 5_000;

    private OpCpuTime() {
    }

    public static void main(String[] args) {
        boolean put = args[0].equals("put");
        Path folder = Path.of(args[1]);
        int entries = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int ops = put ? PUTS : GETS;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(11);
        byte[] value = new byte[1024];
        try (FanoutCache cache = FanoutCache.open(folder)) {
            for (int round = -2; round < rounds; round++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                for (int i = 0; i < ops; i++) {
                    String key = Workload.key(random.nextInt(entries));
                    if (put) {
                        random.nextBytes(value);
                        cache.set(key, value);
                    } else if (cache.get(key) == null) {
                        throw new IllegalStateException(key + " missing");
                    }
                }
                if (round >= 0) {
                    System.out.printf("ROUND %.2f %.2f%n", (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / ops,
                            (System.nanoTime() - wall) / 1e3 / ops);
                }
            }
        }
    }
}
