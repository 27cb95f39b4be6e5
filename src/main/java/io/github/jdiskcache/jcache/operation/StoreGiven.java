package io.github.jdiskcache.jcache.operation;

import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/**
 * One entry of {@code putAll} (already written through) or of a load: stored without the writer;
 * a loaded one never replaces a live entry unless asked to.
 */
public final class StoreGiven<K, V> extends KeyOperation<K, V, Void> {
    private final V value;
    private final boolean replaceExisting;

    public StoreGiven(K key, V value, boolean replaceExisting, OperationContext<K, V> context) {
        super(key, context);
        this.value = value;
        this.replaceExisting = replaceExisting;
    }

    @Override
    EntryChange decide(CurrentEntry current, double now) {
        if (!replaceExisting && isLive(current, now)) {
            return EntryChange.keep();
        }
        EntryChange change = put(value, current, now, false);
        if (stored) {
            write = Write.PUT;
        }
        return change;
    }
}
