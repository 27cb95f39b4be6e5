package io.github.jdiskcache.jcache.operation;

import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/** {@code put} and {@code getAndPut}: stores the value through the writer, whatever was there. */
public final class Put<K, V> extends KeyOperation<K, V, V> {
    private final V value;
    private final boolean returnsPrevious;

    /** @param returnsPrevious getAndPut: the previous live value is returned and counted as a hit or a miss */
    public Put(K key, V value, boolean returnsPrevious, OperationContext<K, V> context) {
        super(key, context);
        this.value = value;
        this.returnsPrevious = returnsPrevious;
    }

    @Override
    EntryChange decide(CurrentEntry current, double now) {
        if (returnsPrevious) {
            result = liveValue(current, now);
            access = result != null ? Access.HIT : Access.MISS;
        }
        EntryChange change = put(value, current, now, true);
        if (stored) {
            write = Write.PUT;
        }
        return change;
    }
}
