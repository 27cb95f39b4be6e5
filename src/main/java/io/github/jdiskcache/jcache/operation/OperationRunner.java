package io.github.jdiskcache.jcache.operation;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.cache.Cache;
import javax.cache.CacheException;

import io.github.jdiskcache.jcache.event.EventDispatcher;
import io.github.jdiskcache.jcache.management.CacheStatistics;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.StoreException;

/**
 * Runs a {@link KeyOperation}: one atomic {@code compute} on the key's shard under the key's lease,
 * then the events it left (after the commit, outside every lock), then its statistics.
 */
public final class OperationRunner<K, V> {
    private final Cache<K, V> source;
    private final FanoutCache store;
    private final EventDispatcher<K, V> listeners;
    private final CacheStatistics statistics;
    private final BooleanSupplier statisticsEnabled;

    /** @param source the cache whose events listeners are told of */
    public OperationRunner(Cache<K, V> source, FanoutCache store, EventDispatcher<K, V> listeners, CacheStatistics statistics,
                    BooleanSupplier statisticsEnabled) {
        this.source = source;
        this.store = store;
        this.listeners = listeners;
        this.statistics = statistics;
        this.statisticsEnabled = statisticsEnabled;
    }

    /** Runs {@code operation} and returns its result. */
    public <R> R run(KeyOperation<K, V, R> operation) {
        long started = System.nanoTime();
        runUncounted(operation);
        record(operation, started);
        return operation.result;
    }

    /** Runs {@code operation} for a caller that counts a whole batch itself. */
    public void runUncounted(KeyOperation<K, V, ?> operation) {
        decide(operation);
        listeners.dispatch(source, operation.events);
    }

    /**
     * Only the compute, for a caller that dispatches the operation's events together with others.
     * A decision that runs someone else's code runs outside the store's transaction (under the key's
     * lease); a quick one inside it.
     */
    public void decide(KeyOperation<K, V, ?> operation) {
        translated(() -> {
            if (!operation.waitsForLease()) {
                store.computeWithoutLease(operation.key, operation);
            } else if (operation.runsUserCode()) {
                store.computeOutsideTransaction(operation.key, operation);
            } else {
                store.compute(operation.key, operation);
            }
            return null;
        });
    }

    private void record(KeyOperation<K, V, ?> operation, long started) {
        if (!statisticsEnabled.getAsBoolean()) {
            return;
        }
        if (operation.access != KeyOperation.Access.NONE) {
            if (operation.access == KeyOperation.Access.HIT) {
                statistics.hits(1);
            } else {
                statistics.misses(1);
            }
            if (operation.timesAccess()) {
                statistics.getTime(System.nanoTime() - started);
            }
        }
        if (operation.write == KeyOperation.Write.PUT) {
            statistics.puts(1);
            statistics.putTime(System.nanoTime() - started);
        } else if (operation.write == KeyOperation.Write.REMOVAL) {
            statistics.removals(1);
            statistics.removeTime(System.nanoTime() - started);
        }
    }

    /** Runs store work, turning the store's failures into the JCache API's. */
    public static <T> T translated(Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            throw new CacheException(e.getMessage(), e);
        }
    }
}
