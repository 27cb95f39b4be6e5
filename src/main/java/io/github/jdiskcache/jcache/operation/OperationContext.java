package io.github.jdiskcache.jcache.operation;

import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

import io.github.jdiskcache.jcache.expiry.ExpiryTimes;
import io.github.jdiskcache.jcache.integration.WriteThrough;

/**
 * What every operation of one cache decides with: the clock (epoch seconds, read inside the
 * transaction), the expiry policy, the writer, the configured types, and whether anybody listens
 * (only then do operations read the old values events carry).
 */
public final class OperationContext<K, V> {
    final DoubleSupplier clock;
    final ExpiryTimes expiry;
    final WriteThrough<K, V> writer;
    final EntryTypes<K, V> types;
    private final BooleanSupplier listening;

    public OperationContext(DoubleSupplier clock, ExpiryTimes expiry, WriteThrough<K, V> writer, EntryTypes<K, V> types,
                     BooleanSupplier listening) {
        this.clock = clock;
        this.expiry = expiry;
        this.writer = writer;
        this.types = types;
        this.listening = listening;
    }

    /**
     * Whether deciding an operation calls someone else's code: a writer, or an expiry policy that
     * is not one of JCache's own. Such decisions run outside the store's transaction.
     */
    public boolean decisionsRunUserCode() {
        return writer.enabled() || !expiry.isBuiltIn();
    }

    boolean hasListeners() {
        return listening.getAsBoolean();
    }

    public EntryTypes<K, V> types() {
        return types;
    }
}
