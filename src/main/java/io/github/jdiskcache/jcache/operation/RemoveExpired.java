package io.github.jdiskcache.jcache.operation;

import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/** Deletes an entry a read found expired (unless a writer revived it meanwhile), reporting it to expiry listeners. */
public final class RemoveExpired<K, V> extends KeyOperation<K, V, Void> {
    private final double foundAt;

    /** @param foundAt when the read found the entry expired: "revived" means live at that time */
    public RemoveExpired(K key, double foundAt, OperationContext<K, V> context) {
        super(key, context);
        this.foundAt = foundAt;
    }

    /** A read's cleanup never waits for another caller's lease: the read would wait for nothing it returns. */
    @Override
    boolean waitsForLease() {
        return false;
    }

    @Override
    boolean runsUserCode() {
        return false;
    }

    @Override
    EntryChange decide(CurrentEntry current, double now) {
        if (!isExpired(current, foundAt)) {
            return EntryChange.keep();
        }
        reportExpired(current);
        return EntryChange.delete();
    }
}
