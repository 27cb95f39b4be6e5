package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.github.jdiskcache.store.EntryChange;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Liveness;
import io.github.jdiskcache.store.Shard;

/**
 * Python diskcache's {@code Lock}: held while its key exists, taken by an atomic add and given back
 * by deleting the key, so Java and Python processes exclude each other on one key. With an
 * {@code expire}, a holder that dies frees the lock when it runs out.
 *
 * <p>The key holds what Python's holder adds, a pickled {@code None} ({@link Shard#addNone}), so
 * the row is the same whichever side took the lock. Not re-entrant: see {@link RLock}.
 */
public final class Lock {
    private final RecipeStore store;
    private final String key;
    private final Double expireSeconds;

    /** @param expire how long a holder may keep the lock before it frees itself; null: until released */
    public Lock(FanoutCache cache, String key, Duration expire) {
        this(RecipeStore.of(cache), key, expire);
    }

    public Lock(Shard shard, String key, Duration expire) {
        this(RecipeStore.of(shard), key, expire);
    }

    private Lock(RecipeStore store, String key, Duration expire) {
        this.store = store;
        this.key = Objects.requireNonNull(key, "key");
        this.expireSeconds = RecipeStore.seconds(expire);
    }

    /** Waits until the lock is free and takes it. */
    public Held acquire() throws InterruptedException {
        return Spinning.acquire(this::tryAcquire, this::release);
    }

    /** Waits at most {@code timeout}; empty when the lock stayed taken. */
    public Optional<Held> acquire(Duration timeout) throws InterruptedException {
        return Spinning.acquire(this::tryAcquire, this::release, timeout);
    }

    private boolean tryAcquire() {
        return store.shard(key).addNone(key, expireSeconds, null);
    }

    /** Deletes the key, as Python's {@code release}: whoever holds the lock, it is free afterwards. */
    public void release() {
        store.shard(key).delete(key);
    }

    /**
     * Whether someone holds the lock: its key exists and has not expired, whatever its value (None
     * reads as no value, so the row itself is looked at, in a transaction that changes nothing).
     */
    public boolean locked() {
        boolean[] held = new boolean[1];
        store.shard(key).compute(key, current -> {
            held[0] = current != null && Liveness.isLive(current.expireTime(), store.now());
            return EntryChange.keep();
        });
        return held[0];
    }
}
