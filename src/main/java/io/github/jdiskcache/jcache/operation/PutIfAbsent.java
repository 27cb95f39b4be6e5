package io.github.jdiskcache.jcache.operation;

import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/**
 * {@code putIfAbsent}: creates the entry through the writer unless a live one is there. Returns
 * whether it stored; a live entry is a hit, its absence a miss (even when a creation expiry of
 * zero then stores nothing: the key was still absent).
 */
public final class PutIfAbsent<K, V> extends KeyOperation<K, V, Boolean> {
    private final V value;

    public PutIfAbsent(K key, V value, OperationContext<K, V> context) {
        super(key, context);
        this.value = value;
    }

    @Override
    EntryChange decide(CurrentEntry current, double now) {
        result = false;
        if (isLive(current, now)) {
            access = Access.HIT;
            return EntryChange.keep();
        }
        access = Access.MISS;
        reportExpired(current);
        context.writer.write(key, value);
        EntryChange change = create(value, current, now);
        if (stored) {
            result = true;
            write = Write.PUT;
        }
        return change;
    }

    /** The spec's putIfAbsent statistics count the hit or miss but no get time. */
    @Override
    boolean timesAccess() {
        return false;
    }
}
