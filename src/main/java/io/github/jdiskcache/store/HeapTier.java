package io.github.jdiskcache.store;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;

/**
 * One shard's rows kept in the heap after a read or a write, answered again without SQLite for as
 * long as the shard's wal-index header ({@link WalIndexHeader}) says nothing was committed since: a
 * commit by any connection of any process (another JVM, Python, the command-line tool, a writer killed
 * later) rewrites the header, and the first read that sees a header it does not know drops every
 * row. This process's own commits replace the rows of the keys they wrote by what they wrote (or
 * drop them), when the header shows that exactly their commit happened ({@link #afterCommit}); a
 * transaction that cannot name its rows drops them all.
 *
 * <p>Only inline values are kept (a value file is read from disk each time), by their stored
 * bytes: each hit decodes them again, so no caller ever shares a mutable value with another.
 * Bounded by bytes; when over, rows not read since the last sweep go first (a clock).
 *
 * <p>A read takes a {@link Ticket} first: the one look at the header it pays. With a ticket it
 * looks for the kept row ({@link #lookup}); without one the tier cannot answer. Rows enter through
 * {@link #afterCommit} (what this process's commit wrote) and through {@link #offer} with the
 * ticket taken before the SQLite read, which is refused if a commit of this process or a header
 * change came in between: the row read might be older than what the tier already knows.
 */
final class HeapTier implements AutoCloseable {
    /** Bytes counted for a row besides its key and value: map node, entry, key and row objects. */
    static final int ROW_OVERHEAD = 160;

    private final WalIndexHeader header;
    private final long budget;
    private final ConcurrentHashMap<Key, Cached> rows = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder drops = new LongAdder();
    private final ReentrantLock lock = new ReentrantLock();
    /** The header the kept rows are true for; null until a read adopts one. Written under {@link #lock}. */
    private volatile long[] version;
    /** Bumped whenever rows are dropped, so that a read started before cannot put back an older row. */
    private volatile long generation;
    /** The ticket for the current version and generation, handed to every read until either changes. */
    private volatile Ticket current;
    /** True from just before this process commits until {@link #afterCommit}: the header is in motion. */
    private volatile boolean committing;
    private long bytes;
    private volatile boolean disabled;

    /** A key as the tier compares it: its stored value (byte[] by content) and raw flag. */
    private record Key(Object value, int raw, int hash) {
        static Key of(DbKey key) {
            Object value = key.sqlValue();
            int hash = value instanceof byte[] bytes ? Arrays.hashCode(bytes) : value.hashCode();
            return new Key(value, key.raw(), 31 * hash + key.raw());
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Key key) || raw != key.raw || hash != key.hash) {
                return false;
            }
            return value instanceof byte[] bytes ? key.value instanceof byte[] others && Arrays.equals(bytes, others)
                    : value.equals(key.value);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A kept row: its value as stored, and when it expires. */
    private static final class Cached {
        final Row row;
        final long size;
        volatile boolean read = true;

        Cached(Row row, long size) {
            this.row = row;
            this.size = size;
        }
    }

    /** What a read saw before it asked SQLite: the tier takes its row only if nothing changed since. */
    record Ticket(long[] version, long generation) {
    }

    HeapTier(WalIndexHeader header, long budget) {
        this.header = header;
        this.budget = budget;
    }

    /** For good: after the journal mode changed, the header no longer follows every commit. */
    void disable() {
        lock.lock();
        try {
            disabled = true;
            dropAll();
            version = null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The kept row of {@code key}, live now, with a fresh copy of its inline value to decode; null
     * when not kept or expired. Only after {@link #ticket} returned a ticket: that was the look at
     * the header which says the kept rows are still true. {@code clock} is read only for a row that
     * expires: a clock read costs a quarter of a hit.
     */
    Row lookup(DbKey key, DoubleSupplier clock) {
        Cached cached = rows.get(Key.of(key));
        Double expireTime = cached == null ? null : cached.row.expireTime();
        if (cached == null || expireTime != null && !Liveness.isLive(expireTime, clock.getAsDouble())) {
            return null;
        }
        if (!cached.read) {
            cached.read = true; // written only when it changes: a hot row is read by every core
        }
        hits.increment();
        Object inline = cached.row.inline();
        return inline instanceof byte[] bytes ? Row.inline(cached.row.mode(), bytes.clone()) : cached.row;
    }

    /** A kept row with the database version it is true at. */
    record Kept(Row row, long[] version) {
    }

    /**
     * The kept row of {@code key} with everything a decision on it needs (its rowid, tag and size:
     * one a write of this process left, or an entry read), live now, with the version of
     * {@code ticket} (just taken: see {@link #lookup}) it is true at; null when the tier cannot
     * say. Its inline bytes are a fresh copy.
     */
    Kept lookupEntry(Ticket ticket, DbKey key, DoubleSupplier clock) {
        Cached cached = rows.get(Key.of(key));
        if (cached == null || cached.row.rowid() == Row.NO_ROWID
                || cached.row.expireTime() != null && !Liveness.isLive(cached.row.expireTime(), clock.getAsDouble())) {
            return null;
        }
        hits.increment();
        Row row = cached.row;
        return new Kept(row.inline() instanceof byte[] bytes ? withInline(row, bytes.clone()) : row, ticket.version());
    }

    /**
     * The row a write left, as a read would find it, if the tier can keep it: an inline String or
     * byte[] value and no tag (the types SQLite gives back are then exactly the ones written, so a
     * later comparison with a read of the row is exact); else null. The bytes are copied now: the
     * writer's array may change before the transaction commits.
     */
    static Row writtenRow(long rowid, StoredValue stored, Double expireTime, Object tag) {
        Object inline = stored.inline();
        if (tag != null || stored.filename() != null || !(inline instanceof byte[] || inline instanceof String)) {
            return null;
        }
        return new Row(rowid, expireTime, null, stored.mode(), null,
                inline instanceof byte[] bytes ? bytes.clone() : inline, stored.size());
    }

    /**
     * Taken before a read looks at the kept rows or asks SQLite; adopts the current header (dropping
     * every row) if it changed; null when the tier cannot answer. The same ticket object serves
     * every read until the version or the generation changes, so a read allocates none.
     */
    Ticket ticket() {
        long[] known = version;
        if (!committing && known != null && header.isAt(known)) {
            long seen = generation;
            Ticket ticket = current;
            if (ticket == null || ticket.version != known || ticket.generation != seen) {
                ticket = new Ticket(known, seen);
                current = ticket; // a race leaves one of two equally true tickets, or one the next read replaces
            }
            return ticket;
        }
        lock.lock();
        try {
            if (committing || disabled) {
                return null;
            }
            long[] now = header.read();
            if (now == null) {
                return null;
            }
            if (!WalIndexHeader.same(version, now)) {
                dropAll();
                version = now;
            }
            // The kept version itself (not an equal copy): offer compares versions by identity.
            Ticket ticket = new Ticket(version, generation);
            current = ticket;
            return ticket;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keeps {@code row} (read for {@code key} after {@code ticket} was taken; its value inline, its
     * expire time read with it) unless a commit or a header change came in between.
     */
    void offer(Ticket ticket, DbKey key, Row row) {
        if (ticket == null || row.filename() != null || row.inline() == null) {
            return;
        }
        if (!lock.tryLock()) {
            return; // another thread is keeping rows (or sweeping): this one need not wait to help
        }
        try {
            if (committing || ticket.generation != generation || version != ticket.version || !header.isAt(ticket.version)) {
                return;
            }
            // A copy: the reader may hand the array it read to its caller.
            keep(Key.of(key), row.inline() instanceof byte[] value ? withInline(row, value.clone()) : row);
        } finally {
            lock.unlock();
        }
    }

    /** Keeps {@code row} (inline value, an array nobody else holds) under {@code key}, holding {@link #lock}. */
    private void keep(Key key, Row row) {
        long size = ROW_OVERHEAD + sizeOf(key.value()) + sizeOf(row.inline());
        if (size > budget / 4) {
            Cached previous = rows.remove(key);
            bytes -= previous == null ? 0 : previous.size;
            return; // one row must not push out a quarter of the others
        }
        Cached previous = rows.put(key, new Cached(row, size));
        bytes += size - (previous == null ? 0 : previous.size);
        if (bytes > budget) {
            sweep();
        }
    }

    private static Row withInline(Row row, Object inline) {
        return new Row(row.rowid(), row.expireTime(), row.tag(), row.mode(), row.filename(), inline, row.size());
    }

    /**
     * The database's version now: its wal-index header, which any commit of any process changes;
     * null while it cannot be trusted (the tier was disabled: no longer WAL) or is being rewritten.
     */
    long[] databaseVersion() {
        return disabled ? null : header.read();
    }

    WalIndexHeader header() {
        return header;
    }

    /** Called holding the shard's write lock, just before COMMIT. */
    void beforeCommit() {
        committing = true;
    }

    /**
     * After this process's commit: {@code before} is the header read inside the transaction (no
     * other writer could commit then), {@code after} the header read after the commit. The rows of
     * {@code changedKeys} go (all rows when null), each replaced by the row its write left when
     * {@code writtenRows} has one beside it; if anything but this commit happened, all go.
     */
    void afterCommit(long[] before, long[] after, List<DbKey> changedKeys, List<Row> writtenRows) {
        lock.lock();
        try {
            generation++;
            boolean onlyOurs = WalIndexHeader.same(version, before) && WalIndexHeader.isNextCommit(before, after);
            if (!onlyOurs || changedKeys == null) {
                dropAll();
            } else {
                // In the order of the writes: a later change of a key overrides an earlier one.
                for (int i = 0; i < changedKeys.size(); i++) {
                    Key key = Key.of(changedKeys.get(i));
                    Row written = writtenRows.get(i);
                    if (written != null) {
                        keep(key, written);
                    } else {
                        Cached removed = rows.remove(key);
                        if (removed != null) {
                            bytes -= removed.size;
                        }
                    }
                }
            }
            // Only this commit since "before", which was read holding the write lock: "after" is ours.
            version = !disabled && WalIndexHeader.isNextCommit(before, after) ? after : null;
        } finally {
            committing = false;
            lock.unlock();
        }
    }

    /** After a rollback: nothing of ours changed, but the header may have (a WAL reset); the next read looks. */
    void afterRollback() {
        committing = false;
    }

    /** Reads answered from the heap (for tests and statistics). */
    long hitCount() {
        return hits.sum();
    }

    /** Bytes the kept rows count for. */
    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Times every row was dropped because the database changed in a way the tier could not follow. */
    long dropAllCount() {
        return drops.sum();
    }

    private void dropAll() {
        if (!rows.isEmpty()) {
            drops.increment();
        }
        rows.clear();
        bytes = 0;
        generation++;
    }

    /** Removes rows not read since the last sweep (clearing the mark of the others) until 3/4 of the budget is left. */
    private void sweep() {
        long target = budget - budget / 4;
        for (int pass = 0; pass < 2 && bytes > target; pass++) {
            Iterator<Cached> all = rows.values().iterator();
            while (all.hasNext() && bytes > target) {
                Cached cached = all.next();
                if (cached.read) {
                    cached.read = false;
                } else {
                    all.remove();
                    bytes -= cached.size;
                }
            }
        }
    }

    private static long sizeOf(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof String text) {
            return 2L * text.length();
        }
        return Long.BYTES;
    }

    /** Lets the kept rows go; the header belongs to the database's {@link WriteGate}. */
    @Override
    public void close() {
        lock.lock();
        try {
            rows.clear();
            version = null;
        } finally {
            lock.unlock();
        }
    }
}
