package io.github.jdiskcache.jcache.operation;

import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/**
 * One key of {@code removeAll}, already deleted through the writer: the entry goes whatever it
 * is; an expired one is reported as expired, a live one as removed (and counted).
 */
public final class RemoveAny<K, V> extends KeyOperation<K, V, Void> {
    public RemoveAny(K key, OperationContext<K, V> context) {
        super(key, context);
    }

    @Override
    EntryChange decide(CurrentEntry current, double now) {
        if (current == null) {
            return EntryChange.keep();
        }
        if (isExpired(current, now)) {
            reportExpired(current);
        } else {
            boolean listening = context.hasListeners();
            V value = listening ? value(current) : null;
            if (value != null || !listening) {
                events.removed(key, value);
            }
            write = Write.REMOVAL;
        }
        return EntryChange.delete();
    }
}
