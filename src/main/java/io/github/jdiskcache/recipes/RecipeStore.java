package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.StoreOptions;

/**
 * Where a recipe's keys live: the shard a FanoutCache routes each key to (as Python's
 * FanoutCache routes it), or one shard. Looked up per call, since {@code check(fix)} may replace a
 * broken shard.
 */
final class RecipeStore {
    private final Function<Object, Shard> router;
    private final StoreOptions options;

    private RecipeStore(Function<Object, Shard> router, StoreOptions options) {
        this.router = router;
        this.options = options;
    }

    static RecipeStore of(FanoutCache cache) {
        Objects.requireNonNull(cache, "cache");
        return new RecipeStore(cache::shardFor, cache.options());
    }

    static RecipeStore of(Shard shard) {
        Objects.requireNonNull(shard, "shard");
        return new RecipeStore(key -> shard, shard.options());
    }

    /**
     * For the recipes whose values are tuples: Python reads them only as pickles, and a store
     * without {@code pickle_plain_values} would write Java serialization, which Python's recipe
     * reads as None and fails on.
     */
    RecipeStore requiringPickles(String recipe) {
        if (!options.picklePlainValues()) {
            throw new IllegalArgumentException(recipe + " stores tuples that Python must read: open the cache with"
                    + " StoreOptions.withPicklePlainValues(true)");
        }
        return this;
    }

    Shard shard(Object key) {
        return router.apply(key);
    }

    /** Runs {@code body} in one transaction of the shard of {@code key}. */
    <T> T transact(Object key, Supplier<T> body) {
        return shard(key).transact(body);
    }

    double now() {
        return options.now();
    }

    /** Python's {@code expire} in seconds; null for never. */
    static Double seconds(Duration expire) {
        if (expire == null) {
            return null;
        }
        if (expire.isNegative() || expire.isZero()) {
            throw new IllegalArgumentException("expire must be positive, got " + expire);
        }
        return expire.toNanos() / 1e9;
    }

    /** Python's {@code "<pid>-<tid>"}: who holds a re-entrant lock. */
    static String holder() {
        return ProcessHandle.current().pid() + "-" + Thread.currentThread().getId();
    }
}
