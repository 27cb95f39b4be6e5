package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.StoredEntry;
import io.github.jdiskcache.store.pickle.PlainData;

/**
 * Python diskcache's {@code Averager}: a running average kept as the tuple {@code (total, count)}
 * under one key, each {@link #add} one transaction. The cache must write plain data as pickles.
 */
public final class Averager {
    private final RecipeStore store;
    private final String key;
    private final Double expireSeconds;

    /** @throws IllegalArgumentException when the cache does not write plain data as pickles */
    public Averager(FanoutCache cache, String key, Duration expire) {
        this(RecipeStore.of(cache), key, expire);
    }

    public Averager(Shard shard, String key, Duration expire) {
        this(RecipeStore.of(shard), key, expire);
    }

    private Averager(RecipeStore store, String key, Duration expire) {
        this.store = store.requiringPickles("Averager");
        this.key = Objects.requireNonNull(key, "key");
        this.expireSeconds = RecipeStore.seconds(expire);
    }

    public void add(double value) {
        Shard shard = store.shard(key);
        shard.transact(() -> {
            List<?> sums = sums(shard.get(key));
            double total = ((Number) sums.get(0)).doubleValue() + value;
            long count = ((Number) sums.get(1)).longValue() + 1;
            shard.set(key, PlainData.tuple(total, count), expireSeconds, null);
            return null;
        });
    }

    /** The average, or null when nothing was added. */
    public Double get() {
        return average(store.shard(key).get(key));
    }

    /** The average, or null, and the key deleted. */
    public Double pop() {
        StoredEntry popped = store.shard(key).pop(key);
        return average(popped == null ? null : popped.value());
    }

    private Double average(Object stored) {
        List<?> sums = sums(stored);
        long count = ((Number) sums.get(1)).longValue();
        return count == 0 ? null : ((Number) sums.get(0)).doubleValue() / count;
    }

    private List<?> sums(Object stored) {
        if (stored == null) {
            return PlainData.tuple(0.0, 0L);
        }
        if (stored instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Number
                && pair.get(1) instanceof Number) {
            return pair;
        }
        throw new IllegalStateException("key '" + key + "' holds no (total, count): " + stored.getClass().getName());
    }
}
