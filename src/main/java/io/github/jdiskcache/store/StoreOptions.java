package io.github.jdiskcache.store;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

import io.github.jdiskcache.store.pickle.PlainData;

/**
 * How a process uses a cache, as opposed to {@link Settings}, which are persisted with it.
 *
 * @param lockTimeout    how long a write waits for the shard's write lock before a {@link LockTimeoutException}
 * @param retry          keep retrying a write that timed out instead of throwing (Python's {@code retry=True})
 * @param serializer     encodes keys and values that have no native SQLite form
 * @param clock          time source for store, access and expiry times (tests inject one)
 * @param maxConnections upper bound on open connections per shard
 * @param permissions    permissions of the folders and files the store creates
 * @param access         whether this process may write the cache; see {@link AccessMode}
 * @param heapBytes      heap for rows kept after a read or a write ({@link HeapTier}), per cache; 0 turns it off
 * @param picklePlainValues write a value or key that is {@linkplain PlainData#isPlain plain data} as a
 *                       Python pickle, which Python reads as a dict, list, tuple…, instead of Java
 *                       serialization, which it reads as None (off by default: see {@link PlainData})
 */
public record StoreOptions(Duration lockTimeout, boolean retry, Serializer serializer, InstantSource clock,
                           int maxConnections, FilePermissions permissions, AccessMode access, long heapBytes,
                           boolean picklePlainValues) {
    /**
     * Python's FanoutCache waits 10 ms and then silently drops the write; a JCache put cannot be
     * dropped, so the default wait is long enough to ride out WAL checkpoints and busy peers.
     */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);
    /** Heap for rows kept after a read or a write, per cache. */
    public static final long DEFAULT_HEAP_BYTES = 32L << 20;

    public StoreOptions {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(serializer, "serializer");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(access, "access");
        if (lockTimeout.isNegative() || lockTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("lock timeout out of range: " + lockTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
        }
        if (heapBytes < 0) {
            throw new IllegalArgumentException("heapBytes must be >= 0, got " + heapBytes);
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(DEFAULT_LOCK_TIMEOUT, false, new JavaSerializer(), InstantSource.system(),
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), FilePermissions.ownerOnly(),
                AccessMode.READ_WRITE, DEFAULT_HEAP_BYTES, false);
    }

    public StoreOptions withLockTimeout(Duration timeout) {
        return new StoreOptions(timeout, retry, serializer, clock, maxConnections, permissions, access, heapBytes,
                picklePlainValues);
    }

    public StoreOptions withRetry(boolean retryOnTimeout) {
        return new StoreOptions(lockTimeout, retryOnTimeout, serializer, clock, maxConnections, permissions, access,
                heapBytes, picklePlainValues);
    }

    public StoreOptions withSerializer(Serializer newSerializer) {
        return new StoreOptions(lockTimeout, retry, newSerializer, clock, maxConnections, permissions, access,
                heapBytes, picklePlainValues);
    }

    public StoreOptions withClock(InstantSource newClock) {
        return new StoreOptions(lockTimeout, retry, serializer, newClock, maxConnections, permissions, access,
                heapBytes, picklePlainValues);
    }

    public StoreOptions withMaxConnections(int connections) {
        return new StoreOptions(lockTimeout, retry, serializer, clock, connections, permissions, access, heapBytes,
                picklePlainValues);
    }

    public StoreOptions withPermissions(FilePermissions newPermissions) {
        return new StoreOptions(lockTimeout, retry, serializer, clock, maxConnections, newPermissions, access,
                heapBytes, picklePlainValues);
    }

    public StoreOptions withAccess(AccessMode newAccess) {
        return new StoreOptions(lockTimeout, retry, serializer, clock, maxConnections, permissions, newAccess,
                heapBytes, picklePlainValues);
    }

    public StoreOptions withHeapBytes(long bytes) {
        return new StoreOptions(lockTimeout, retry, serializer, clock, maxConnections, permissions, access, bytes,
                picklePlainValues);
    }

    public StoreOptions withPicklePlainValues(boolean pickle) {
        return new StoreOptions(lockTimeout, retry, serializer, clock, maxConnections, permissions, access, heapBytes,
                pickle);
    }

    int lockTimeoutMillis() {
        return (int) lockTimeout.toMillis();
    }

    /** The clock's now in epoch seconds, the unit of every store and expire time (as in diskcache). */
    public double now() {
        Instant instant = clock.instant();
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
