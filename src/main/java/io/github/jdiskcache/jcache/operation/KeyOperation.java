package io.github.jdiskcache.jcache.operation;

import java.util.function.Function;

import io.github.jdiskcache.jcache.event.PendingEvents;
import io.github.jdiskcache.jcache.expiry.ExpiryTimes;
import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;
import io.github.jdiskcache.store.Liveness;

/**
 * One cache operation on one key: under the key's lease it turns the entry found there (null,
 * live, expired, or unreadable here) at the clock's now into an {@link EntryChange}, and leaves its
 * outcome behind: the value to return, the events to dispatch after the commit, and how statistics
 * count it. The store may decide again (a retried transaction, or an entry a writer without a
 * lease changed under a decision made outside the transaction), so each decision starts from a
 * clean outcome. {@link OperationRunner} runs it.
 *
 * @param <R> what the operation returns to the caller
 */
public abstract class KeyOperation<K, V, R> implements Function<CurrentEntry, EntryChange> {
    /** How statistics count the read part of an operation. */
    enum Access { NONE, HIT, MISS }

    /** How statistics count the write part of an operation. */
    public enum Write { NONE, PUT, REMOVAL }

    final K key;
    final OperationContext<K, V> context;
    final PendingEvents<K, V> events = new PendingEvents<>();
    R result;
    Access access;
    Write write;
    /** Whether the last {@link #create} stored its value (a creation expiry already over stores nothing). */
    boolean stored;

    KeyOperation(K key, OperationContext<K, V> context) {
        this.key = key;
        this.context = context;
    }

    @Override
    public final EntryChange apply(CurrentEntry current) {
        return decideAt(current, context.clock.getAsDouble());
    }

    /** The decision at {@code now}, from a clean outcome. */
    final EntryChange decideAt(CurrentEntry current, double now) {
        events.clear();
        result = null;
        access = Access.NONE;
        write = Write.NONE;
        stored = false;
        return decide(current, now);
    }

    /** The events this operation's last decision makes, to be dispatched after its commit. */
    public PendingEvents<K, V> events() {
        return events;
    }

    /** What the last decision writes. */
    public Write write() {
        return write;
    }

    abstract EntryChange decide(CurrentEntry current, double now);

    /**
     * Whether {@link #decide} calls someone else's code (a processor, loader, writer or custom
     * expiry policy): then it runs under the key's lease, outside the store's transaction, and may
     * run again if a writer that takes no lease (Python) changed the entry meanwhile.
     */
    boolean runsUserCode() {
        return context.decisionsRunUserCode();
    }

    /**
     * Whether the operation waits for the key's lease. One that does not runs in the store's
     * transaction regardless, and a lease holder whose entry it changed decides again.
     */
    boolean waitsForLease() {
        return true;
    }

    /** Whether the time of a counted access is added to the get time (putIfAbsent counts without it). */
    boolean timesAccess() {
        return true;
    }

    // ---------------------------------------------------------------- the rules operations share

    static boolean isLive(CurrentEntry current, double now) {
        return current != null && Liveness.isLive(current.expireTime(), now);
    }

    /** Whether {@code current} is a row that has expired (not: absent). */
    static boolean isExpired(CurrentEntry current, double now) {
        return current != null && !Liveness.isLive(current.expireTime(), now);
    }

    @SuppressWarnings("unchecked")
    V value(CurrentEntry current) {
        return (V) current.value();
    }

    /** The value of a live entry, else null. */
    V liveValue(CurrentEntry current, double now) {
        return isLive(current, now) ? value(current) : null;
    }

    /**
     * The change a put makes to {@code current}: a creation with the creation expiry, or an update
     * with the update expiry (or the old one); an expired row met is reported. Sets {@link #stored}.
     */
    EntryChange put(V value, CurrentEntry current, double now, boolean writeThrough) {
        if (!isLive(current, now)) {
            reportExpired(current);
            if (writeThrough) {
                context.writer.write(key, value);
            }
            return create(value, current, now);
        }
        V old = context.hasListeners() ? value(current) : null;
        if (writeThrough) {
            context.writer.write(key, value);
        }
        stored = true;
        return update(value, old, current, now);
    }

    /** A new entry with its creation expiry, or nothing stored (and an expired row removed) when that expiry is over. */
    EntryChange create(V value, CurrentEntry current, double now) {
        double expireTime = context.expiry.forCreation(now);
        if (expireTime <= now) {
            stored = false;
            return current == null ? EntryChange.keep() : EntryChange.delete();
        }
        stored = true;
        events.created(key, value);
        return EntryChange.set(value, ExpiryTimes.toStore(expireTime), null);
    }

    EntryChange update(V value, V oldValue, CurrentEntry current, double now) {
        Double updated = context.expiry.forUpdate(now);
        Double expireTime = updated == null ? current.expireTime() : ExpiryTimes.toStore(updated);
        events.updated(key, value, oldValue);
        return EntryChange.set(value, expireTime, current.tag());
    }

    /** The access expiry's change to a live entry that was read. */
    EntryChange accessed(double now) {
        Double accessed = context.expiry.forAccess(now);
        return accessed == null ? EntryChange.keep() : EntryChange.expireAt(ExpiryTimes.toStore(accessed));
    }

    /** An expired row met by an operation is reported to expiry listeners (and replaced or removed by it). */
    void reportExpired(CurrentEntry current) {
        if (current != null && context.hasListeners()) {
            V expired = value(current);
            if (expired != null) {
                events.expired(key, expired);
            }
        }
    }
}
