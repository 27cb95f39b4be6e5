package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.pickle.PlainData;

/**
 * Python diskcache's {@code RLock}: a re-entrant lock whose key holds the tuple
 * {@code ("<pid>-<tid>", count)}, read and written in one transaction; free when the count is 0
 * or the key is absent. The cache must write plain data as pickles (Python reads the tuple).
 */
public final class RLock {
    private final RecipeStore store;
    private final String key;
    private final Double expireSeconds;

    /** @throws IllegalArgumentException when the cache does not write plain data as pickles */
    public RLock(FanoutCache cache, String key, Duration expire) {
        this(RecipeStore.of(cache), key, expire);
    }

    public RLock(Shard shard, String key, Duration expire) {
        this(RecipeStore.of(shard), key, expire);
    }

    private RLock(RecipeStore store, String key, Duration expire) {
        this.store = store.requiringPickles("RLock");
        this.key = Objects.requireNonNull(key, "key");
        this.expireSeconds = RecipeStore.seconds(expire);
    }

    /** Waits until the lock is free or this thread's, and takes it once more. */
    public Held acquire() throws InterruptedException {
        return Spinning.acquire(this::tryAcquire, this::release);
    }

    public Optional<Held> acquire(Duration timeout) throws InterruptedException {
        return Spinning.acquire(this::tryAcquire, this::release, timeout);
    }

    private boolean tryAcquire() {
        String me = RecipeStore.holder();
        Shard shard = store.shard(key);
        return shard.transact(() -> {
            List<?> state = state(shard);
            long count = ((Number) state.get(1)).longValue();
            if (count != 0 && !me.equals(state.get(0))) {
                return false;
            }
            shard.set(key, PlainData.tuple(me, count + 1), expireSeconds, null);
            return true;
        });
    }

    /**
     * Gives back one acquisition of this thread's.
     *
     * @throws IllegalStateException when this thread does not hold the lock
     */
    public void release() {
        String me = RecipeStore.holder();
        Shard shard = store.shard(key);
        shard.transact(() -> {
            List<?> state = state(shard);
            long count = ((Number) state.get(1)).longValue();
            if (count <= 0 || !me.equals(state.get(0))) {
                throw new IllegalStateException("cannot release un-acquired lock '" + key + "'");
            }
            shard.set(key, PlainData.tuple(state.get(0), count - 1), expireSeconds, null);
            return null;
        });
    }

    /** Whether some thread of some process holds the lock. */
    public boolean locked() {
        return ((Number) state(store.shard(key)).get(1)).longValue() > 0;
    }

    /** The (holder, count) pair, (None, 0) when absent, as Python reads it. */
    private List<?> state(Shard shard) {
        Object value = shard.get(key);
        if (value == null) {
            return PlainData.tuple(null, 0L);
        }
        if (value instanceof List<?> pair && pair.size() == 2 && pair.get(1) instanceof Number) {
            return pair;
        }
        throw new IllegalStateException("key '" + key + "' holds no RLock state: " + value.getClass().getName());
    }
}
