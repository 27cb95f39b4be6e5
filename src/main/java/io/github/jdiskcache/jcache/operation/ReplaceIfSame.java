package io.github.jdiskcache.jcache.operation;

import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/** {@code replace(k, old, new)}: updates the entry through the writer when it holds the expected value. */
public final class ReplaceIfSame<K, V> extends IfSame<K, V> {
    private final V newValue;

    public ReplaceIfSame(K key, V expected, V newValue, OperationContext<K, V> context) {
        super(key, expected, context);
        this.newValue = newValue;
    }

    @Override
    EntryChange onMatch(V currentValue, CurrentEntry current, double now) {
        context.writer.write(key, newValue);
        write = Write.PUT;
        return update(newValue, currentValue, current, now);
    }
}
