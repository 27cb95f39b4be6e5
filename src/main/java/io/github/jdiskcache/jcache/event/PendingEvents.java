package io.github.jdiskcache.jcache.event;

import java.util.ArrayList;
import java.util.List;

import javax.cache.event.EventType;

/**
 * Events an operation produced, in order, held until its transaction has committed: a listener
 * never hears of a change that was rolled back, and never runs while a shard's write lock is held.
 */
public final class PendingEvents<K, V> {
    /** A change with every value known; each listener gets the view its configuration asks for. */
    public record Change<K, V>(EventType type, K key, V value, V oldValue) {
    }

    private final List<Change<K, V>> changes = new ArrayList<>(2);

    public void created(K key, V value) {
        changes.add(new Change<>(EventType.CREATED, key, value, null));
    }

    public void updated(K key, V value, V oldValue) {
        changes.add(new Change<>(EventType.UPDATED, key, value, oldValue));
    }

    public void removed(K key, V oldValue) {
        changes.add(new Change<>(EventType.REMOVED, key, oldValue, oldValue));
    }

    public void expired(K key, V oldValue) {
        changes.add(new Change<>(EventType.EXPIRED, key, oldValue, oldValue));
    }

    /** Appends what {@code other} recorded, e.g. an operation run as part of a larger one. */
    public void addAll(PendingEvents<K, V> other) {
        changes.addAll(other.changes);
    }

    /** Forgets what was recorded, e.g. when the transaction that produced it is retried. */
    public void clear() {
        changes.clear();
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** What was recorded so far, in order. */
    public List<Change<K, V>> recorded() {
        return List.copyOf(changes);
    }

    List<Change<K, V>> changes() {
        return changes;
    }
}
