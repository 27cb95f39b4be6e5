package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Shard;

/**
 * Python diskcache's {@code barrier} with its {@code Lock}: one caller at a time, of every process
 * sharing the key, runs through the section.
 */
public final class Barrier {
    private final Lock lock;

    public Barrier(FanoutCache cache, String key, Duration expire) {
        this.lock = new Lock(cache, key, expire);
    }

    public Barrier(Shard shard, String key, Duration expire) {
        this.lock = new Lock(shard, key, expire);
    }

    /** Runs {@code section} holding the lock, and returns its result. */
    public <T> T call(Supplier<T> section) throws InterruptedException {
        Objects.requireNonNull(section, "section");
        try (Held ignored = lock.acquire()) {
            return section.get();
        }
    }

    public void run(Runnable section) throws InterruptedException {
        Objects.requireNonNull(section, "section");
        call(() -> {
            section.run();
            return null;
        });
    }
}
