package io.github.jdiskcache.example;

import java.util.BitSet;

import javax.cache.Caching;
import javax.cache.annotation.CacheResult;

import io.github.jdiskcache.annotation.CacheAnnotations;

/**
 * {@code @CacheResult} without a container, memoized on disk: run it twice and the second run
 * reads the first run's result instead of computing it (docs/annotations.md).
 * <pre>
 * java -cp jdiskcache-cli.jar io.github.jdiskcache.example.MemoizationDemo [limit]
 * </pre>
 */
public final class MemoizationDemo {
    private MemoizationDemo() {
    }

    /** Not final, so CacheAnnotations can generate the intercepting subclass. */
    public static class Primes {
        private int computations;

        @CacheResult(cacheName = "memoization-demo.primes")
        public int countBelow(int limit) {
            computations++;
            BitSet composite = new BitSet(limit);
            int count = 0;
            for (int n = 2; n < limit; n++) {
                if (!composite.get(n)) {
                    count++;
                    for (long multiple = (long) n * n; multiple < limit; multiple += n) {
                        composite.set((int) multiple);
                    }
                }
            }
            return count;
        }

        public int computations() {
            return computations;
        }
    }

    public static void main(String[] args) {
        int limit = args.length > 0 ? Integer.parseInt(args[0]) : 100_000_000;
        Primes primes = CacheAnnotations.create(Primes.class);
        long start = System.nanoTime();
        int count = primes.countBelow(limit);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("primes below %,d: %,d (%s in %,d ms)%n", limit, count,
                primes.computations() == 0 ? "read from the disk cache" : "computed", millis);
        Caching.getCachingProvider().close();
    }
}
