package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;

/**
 * Python diskcache's {@code BoundedSemaphore}: the key holds the number of permits left, an
 * integer (absent: all {@code value} of them), taken and given back one at a time in a transaction.
 */
public final class BoundedSemaphore {
    private final RecipeStore store;
    private final String key;
    private final long value;
    private final Double expireSeconds;

    /** @param value the number of holders allowed at once */
    public BoundedSemaphore(FanoutCache cache, String key, int value, Duration expire) {
        this(RecipeStore.of(cache), key, value, expire);
    }

    public BoundedSemaphore(Shard shard, String key, int value, Duration expire) {
        this(RecipeStore.of(shard), key, value, expire);
    }

    private BoundedSemaphore(RecipeStore store, String key, int value, Duration expire) {
        if (value < 1) {
            throw new IllegalArgumentException("value must be >= 1, got " + value);
        }
        this.store = store;
        this.key = Objects.requireNonNull(key, "key");
        this.value = value;
        this.expireSeconds = RecipeStore.seconds(expire);
    }

    /** Waits for a permit and takes it. */
    public Held acquire() throws InterruptedException {
        return Spinning.acquire(this::tryAcquire, this::release);
    }

    public Optional<Held> acquire(Duration timeout) throws InterruptedException {
        return Spinning.acquire(this::tryAcquire, this::release, timeout);
    }

    private boolean tryAcquire() {
        Shard shard = store.shard(key);
        return shard.transact(() -> {
            long left = permitsLeft(shard);
            if (left <= 0) {
                return false;
            }
            shard.set(key, left - 1, expireSeconds, null);
            return true;
        });
    }

    /**
     * Gives a permit back.
     *
     * @throws IllegalStateException when no permit is taken
     */
    public void release() {
        Shard shard = store.shard(key);
        shard.transact(() -> {
            long left = permitsLeft(shard);
            if (left >= value) {
                throw new IllegalStateException("cannot release un-acquired semaphore '" + key + "'");
            }
            shard.set(key, left + 1, expireSeconds, null);
            return null;
        });
    }

    /** Whether no permit is left. */
    public boolean locked() {
        return permitsLeft(store.shard(key)) <= 0;
    }

    private long permitsLeft(Shard shard) {
        Object stored = shard.get(key);
        if (stored == null) {
            return value;
        }
        if (stored instanceof Long left) {
            return left;
        }
        throw new IllegalStateException("key '" + key + "' holds no semaphore count: " + stored.getClass().getName());
    }
}
