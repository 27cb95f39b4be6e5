package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

import io.github.jdiskcache.collections.PythonValues;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.StoredEntry;
import io.github.jdiskcache.store.pickle.PlainData;

/**
 * Python diskcache's {@code memoize_stampede}: results kept under Python's key
 * {@code (name, argument, None)} as the tuple {@code (result, seconds it took)}, expiring after
 * {@code expire}; before they expire, a caller recomputes early in the background with a
 * probability that grows as expiry nears and with the time the result took ({@code beta} scales
 * it; 0 never recomputes early), so expiry does not send every caller to recompute at once. Only
 * one background recomputation per result runs: its marker key is added first. The cache must
 * write plain data as pickles. The argument goes into the key in its Python form (an {@code Integer}
 * as the {@code int} Python writes); the result is kept as it is, so it comes back of its own class
 * (as a pickle when it is plain data, which Python reads; otherwise with Java serialization).
 *
 * <p>Python's marker key ends with a Python object Java cannot write, so Java's differs: a Java and
 * a Python caller may each recompute early once; they never disagree on the result key.
 */
public final class Memoizer {
    /** Ends Java's early-recomputation marker key: {@code (name, argument, None, MARKER)}. */
    static final String RECOMPUTING = "jdiskcache-recomputing";

    private final RecipeStore store;
    private final String name;
    private final double expireSeconds;
    private final double beta;
    private final DoubleSupplier random;

    public Memoizer(FanoutCache cache, String name, Duration expire, double beta) {
        this(RecipeStore.of(cache), name, expire, beta, () -> ThreadLocalRandom.current().nextDouble());
    }

    public Memoizer(Shard shard, String name, Duration expire, double beta) {
        this(RecipeStore.of(shard), name, expire, beta, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With the source of Python's {@code random.random()}, for tests. */
    Memoizer(RecipeStore store, String name, Duration expire, double beta, DoubleSupplier random) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
        }
        this.store = store.requiringPickles("Memoizer");
        this.name = Objects.requireNonNull(name, "name");
        this.expireSeconds = RecipeStore.seconds(Objects.requireNonNull(expire, "expire"));
        this.beta = beta;
        this.random = random;
    }

    /** {@code function} memoized; a null result is not kept. */
    public <A, R> Function<A, R> memoize(Function<A, R> function) {
        Objects.requireNonNull(function, "function");
        return argument -> apply(function, argument);
    }

    @SuppressWarnings("unchecked")
    private <A, R> R apply(Function<A, R> function, A argument) {
        Object shared = argument == null ? null : PythonValues.shareable(argument);
        List<Object> key = PlainData.tuple(name, shared, null);
        StoredEntry entry = store.shard(key).getEntry(key);
        if (entry != null && entry.value() instanceof List<?> pair && pair.size() == 2
                && pair.get(1) instanceof Number took) {
            R result = (R) pair.get(0);
            double ttl = entry.expireTime() - store.now();
            double delta = took.doubleValue();
            if (-delta * beta * Math.log(random.getAsDouble()) < ttl) {
                return result;
            }
            List<Object> marker = PlainData.tuple(name, shared, null, RECOMPUTING);
            if (store.shard(marker).add(marker, 1L, delta, null)) {
                Thread recompute = new Thread(() -> compute(function, argument, key), "memoizer-" + name);
                recompute.setDaemon(true);
                recompute.start();
            }
            return result;
        }
        return compute(function, argument, key);
    }

    private <A, R> R compute(Function<A, R> function, A argument, List<Object> key) {
        double start = store.now();
        R result = function.apply(argument);
        double took = store.now() - start;
        if (result != null) {
            store.shard(key).set(key, PlainData.tuple(result, took), expireSeconds, null);
        }
        return result;
    }
}
