package io.github.jdiskcache.jcache.operation;

import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/** {@code remove(k, v)}: deletes the entry through the writer when it holds the expected value. */
public final class RemoveIfSame<K, V> extends IfSame<K, V> {
    public RemoveIfSame(K key, V expected, OperationContext<K, V> context) {
        super(key, expected, context);
    }

    @Override
    EntryChange onMatch(V currentValue, CurrentEntry current, double now) {
        context.writer.delete(key);
        events.removed(key, currentValue);
        write = Write.REMOVAL;
        return EntryChange.delete();
    }
}
