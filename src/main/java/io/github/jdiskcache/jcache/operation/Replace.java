package io.github.jdiskcache.jcache.operation;

import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/** {@code replace(k, v)} and {@code getAndReplace}: updates a live entry through the writer; returns its previous value. */
public final class Replace<K, V> extends KeyOperation<K, V, V> {
    private final V value;

    public Replace(K key, V value, OperationContext<K, V> context) {
        super(key, context);
        this.value = value;
    }

    @Override
    EntryChange decide(CurrentEntry current, double now) {
        result = liveValue(current, now);
        if (result == null) {
            access = Access.MISS;
            return EntryChange.keep();
        }
        access = Access.HIT;
        context.writer.write(key, value);
        write = Write.PUT;
        return update(value, result, current, now);
    }
}
