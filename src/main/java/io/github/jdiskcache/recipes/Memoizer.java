package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.jdiskcache.collections.PythonValues;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.StoredEntry;
import io.github.jdiskcache.store.pickle.PlainData;
import io.github.jdiskcache.store.pickle.PythonConstant;

/**
 * Python diskcache's {@code memoize_stampede}: results kept under Python's key, its
 * {@code args_to_key}: {@code (name, *arguments, None)}, with {@link #typed} the arguments' Python
 * types appended, without the positions {@link #ignoring} drops; as the tuple
 * {@code (result, seconds it took)}, expiring after {@code expire}. Before they expire, a caller
 * recomputes early in the background with a probability that grows as expiry nears and with the
 * time the result took ({@code beta} scales it; 0 never recomputes early), so expiry does not send
 * every caller to recompute at once. One background recomputation per result runs, Java's or
 * Python's: its marker, Python's key {@code key + (ENOVAL,)} holding None, is added first. The cache
 * must write plain data as pickles. Arguments go into the key in their Python form (an
 * {@code Integer} as the {@code int} Python writes); a result is kept as it is, so it comes back of
 * its own class (as a pickle when it is plain data, which Python reads; otherwise with Java
 * serialization). Java functions have no keyword arguments, so only positions can be ignored.
 */
public final class Memoizer {
    private final RecipeStore store;
    private final String name;
    private final double expireSeconds;
    private final double beta;
    private final DoubleSupplier random;
    private final boolean typed;
    private final Set<Integer> ignored;

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
        this.typed = false;
        this.ignored = Set.of();
    }

    private Memoizer(Memoizer base, boolean typed, Set<Integer> ignored) {
        this.store = base.store;
        this.name = base.name;
        this.expireSeconds = base.expireSeconds;
        this.beta = base.beta;
        this.random = base.random;
        this.typed = typed;
        this.ignored = ignored;
    }

    /**
     * Python's {@code typed=True}: each kept argument's Python type ends the key ({@code int} for
     * every integer, {@code float}, {@code str}, {@code bytes}, {@code bool}, {@code NoneType}, and
     * {@code list}, {@code tuple}, {@code dict}, {@code set} as {@link PythonValues} writes the
     * argument), so {@code f(1)} and {@code f(true)} keep results apart as in Python. An argument
     * with no plain form (a Java-only key) is typed by its class name.
     */
    public Memoizer typed() {
        return new Memoizer(this, true, ignored);
    }

    /**
     * Python's {@code ignore}: the arguments at these positions (0 the first) stay out of the key, so
     * calls that differ only there share a result. Positions beyond the function's are no error, as in Python.
     *
     * @throws IllegalArgumentException for a negative position
     */
    public Memoizer ignoring(int... positions) {
        Set<Integer> all = new TreeSet<>(ignored);
        for (int position : positions) {
            if (position < 0) {
                throw new IllegalArgumentException("an ignored position must be >= 0, got " + position);
            }
            all.add(position);
        }
        return new Memoizer(this, typed, Set.copyOf(all));
    }

    /** {@code function} memoized; a null result is not kept. */
    public <A, R> Function<A, R> memoize(Function<A, R> function) {
        Objects.requireNonNull(function, "function");
        return argument -> apply(() -> function.apply(argument), argument);
    }

    /** A two-argument {@code function} memoized; a null result is not kept. */
    public <A, B, R> BiFunction<A, B, R> memoize(BiFunction<A, B, R> function) {
        Objects.requireNonNull(function, "function");
        return (first, second) -> apply(() -> function.apply(first, second), first, second);
    }

    @SuppressWarnings("unchecked")
    private <R> R apply(Supplier<R> call, Object... arguments) {
        List<Object> key = key(arguments);
        StoredEntry entry = store.shard(key).getEntry(key);
        if (entry != null && entry.value() instanceof List<?> pair && pair.size() == 2
                && pair.get(1) instanceof Number took) {
            R result = (R) pair.get(0);
            double ttl = entry.expireTime() - store.now();
            double delta = took.doubleValue();
            if (-delta * beta * Math.log(random.getAsDouble()) < ttl) {
                return result;
            }
            List<Object> marker = marker(key);
            if (store.shard(marker).addNone(marker, delta, null)) {
                Thread recompute = new Thread(() -> compute(call, key), "memoizer-" + name);
                recompute.setDaemon(true);
                recompute.start();
            }
            return result;
        }
        return compute(call, key);
    }

    /** Python's {@code args_to_key(base, args, {}, typed, ignore)} with {@code base = (name,)}. */
    private List<Object> key(Object... arguments) {
        List<Object> kept = new ArrayList<>(arguments.length);
        for (int position = 0; position < arguments.length; position++) {
            if (!ignored.contains(position)) {
                kept.add(PythonValues.shareable(arguments[position]));
            }
        }
        List<Object> key = new ArrayList<>(2 + 2 * kept.size());
        key.add(name);
        key.addAll(kept);
        key.add(null);
        if (typed) {
            kept.forEach(argument -> key.add(PlainData.isPlain(argument) ? PythonConstant.typeOf(argument)
                    : argument.getClass().getName()));
        }
        return PlainData.tuple(key.toArray());
    }

    /** Python's {@code key + (ENOVAL,)}: whoever adds it recomputes early. */
    private static List<Object> marker(List<Object> key) {
        List<Object> marker = new ArrayList<>(key);
        marker.add(PythonConstant.ENOVAL);
        return PlainData.tuple(marker.toArray());
    }

    private <R> R compute(Supplier<R> call, List<Object> key) {
        double start = store.now();
        R result = call.get();
        double took = store.now() - start;
        if (result != null) {
            store.shard(key).set(key, PlainData.tuple(result, took), expireSeconds, null);
        }
        return result;
    }
}
