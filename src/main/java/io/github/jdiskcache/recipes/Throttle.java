package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.pickle.PlainData;

/**
 * Python diskcache's {@code throttle}: at most {@code count} calls per {@code per}, over every
 * process sharing the key. The key holds the tuple {@code (last, tally)}: the time of the last
 * grant and the calls allowed then, refilled at {@code count / per} a second; creating a throttle
 * resets it to {@code (now, count)}, as Python's decorator does. The cache must write plain data as
 * pickles. Times are the store clock's epoch seconds.
 */
public final class Throttle {
    private final RecipeStore store;
    private final String key;
    private final long count;
    private final double rate;
    private final Double expireSeconds;

    public Throttle(FanoutCache cache, String key, int count, Duration per, Duration expire) {
        this(RecipeStore.of(cache), key, count, per, expire);
    }

    public Throttle(Shard shard, String key, int count, Duration per, Duration expire) {
        this(RecipeStore.of(shard), key, count, per, expire);
    }

    private Throttle(RecipeStore store, String key, int count, Duration per, Duration expire) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        this.store = store.requiringPickles("Throttle");
        this.key = Objects.requireNonNull(key, "key");
        this.count = count;
        this.rate = count / RecipeStore.seconds(Objects.requireNonNull(per, "per"));
        this.expireSeconds = RecipeStore.seconds(expire);
        store.shard(key).set(key, PlainData.tuple(store.now(), this.count), expireSeconds, null);
    }

    /** Waits until a call is allowed and counts it. */
    public void acquire() throws InterruptedException {
        while (true) {
            double delay = tryAcquire();
            if (delay <= 0) {
                return;
            }
            Thread.sleep((long) Math.ceil(delay * 1000));
        }
    }

    /** Runs {@code call} once the throttle allows it. */
    public <T> T call(Supplier<T> call) throws InterruptedException {
        acquire();
        return call.get();
    }

    /** 0 when a call was granted, else the seconds until one may be. */
    private double tryAcquire() {
        Shard shard = store.shard(key);
        return shard.transact(() -> {
            double now = store.now();
            Object stored = shard.get(key);
            // A key gone (expired, deleted) starts afresh, as when the throttle was made.
            List<?> state = stored == null ? PlainData.tuple(now, count) : state(stored);
            double tally = ((Number) state.get(1)).doubleValue()
                    + (now - ((Number) state.get(0)).doubleValue()) * rate;
            if (tally > count) {
                shard.set(key, PlainData.tuple(now, count - 1), expireSeconds, null);
            } else if (tally >= 1) {
                shard.set(key, PlainData.tuple(now, tally - 1), expireSeconds, null);
            } else {
                return (1 - tally) / rate;
            }
            return 0.0;
        });
    }

    private List<?> state(Object stored) {
        if (stored instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Number
                && pair.get(1) instanceof Number) {
            return pair;
        }
        throw new IllegalStateException("key '" + key + "' holds no (last, tally): " + stored.getClass().getName());
    }
}
