package io.github.jdiskcache.jcache.operation;

import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/**
 * {@code remove(k)}, {@code getAndRemove} and an iterator's remove: deletes the live entry,
 * telling the writer first (even when there is none). Returns the removed value when it was read.
 */
public final class Remove<K, V> extends KeyOperation<K, V, V> {
    private final boolean countsAsGet;

    /** @param countsAsGet getAndRemove: the value is read, returned, and counted as a hit or a miss */
    public Remove(K key, boolean countsAsGet, OperationContext<K, V> context) {
        super(key, context);
        this.countsAsGet = countsAsGet;
    }

    @Override
    EntryChange decide(CurrentEntry current, double now) {
        if (countsAsGet) {
            access = Access.MISS;
        }
        context.writer.delete(key);
        if (!isLive(current, now)) {
            return EntryChange.keep();
        }
        boolean listening = context.hasListeners();
        boolean needsValue = countsAsGet || listening;
        V value = needsValue ? value(current) : null;
        if (needsValue && value == null && !current.isUnreadableHere()) {
            return EntryChange.keep(); // damaged: compute already removed it, as a miss
        }
        // A value this process cannot read is removed too (the caller asked for that), with no value to tell.
        result = value;
        write = Write.REMOVAL;
        if (countsAsGet && value != null) {
            access = Access.HIT;
        }
        if (value != null || !listening) {
            events.removed(key, value);
        }
        return EntryChange.delete();
    }

    public boolean removed() {
        return write == Write.REMOVAL;
    }
}
