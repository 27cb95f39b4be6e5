package io.github.jdiskcache.jcache.operation;

import java.util.Objects;

import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/**
 * The shape of {@code remove(k, v)} and {@code replace(k, old, new)}: absent is a miss, a
 * different value is a hit that counts as an access, the expected value is a hit that gets
 * {@link #onMatch}. Returns whether it matched.
 */
public abstract class IfSame<K, V> extends KeyOperation<K, V, Boolean> {
    private final V expected;

    IfSame(K key, V expected, OperationContext<K, V> context) {
        super(key, context);
        this.expected = expected;
    }

    @Override
    final EntryChange decide(CurrentEntry current, double now) {
        result = false;
        V currentValue = liveValue(current, now);
        if (currentValue == null) {
            access = Access.MISS;
            return EntryChange.keep();
        }
        access = Access.HIT;
        if (!Objects.deepEquals(currentValue, expected)) {
            return accessed(now);
        }
        result = true;
        return onMatch(currentValue, current, now);
    }

    abstract EntryChange onMatch(V currentValue, CurrentEntry current, double now);
}
