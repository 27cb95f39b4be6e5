package io.github.jdiskcache.jcache.operation;

import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/** Stores what a read-through {@code get} loaded, unless a live entry appeared meanwhile. */
public final class Load<K, V> extends KeyOperation<K, V, Void> {
    private final V loaded;

    public Load(K key, V loaded, OperationContext<K, V> context) {
        super(key, context);
        this.loaded = loaded;
    }

    @Override
    EntryChange decide(CurrentEntry current, double now) {
        return isLive(current, now) ? EntryChange.keep() : create(loaded, current, now);
    }
}
