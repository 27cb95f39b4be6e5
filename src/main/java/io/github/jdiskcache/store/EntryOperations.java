package io.github.jdiskcache.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The operations on one key's entry ({@link Shard#get}, {@link Shard#set}, {@link Shard#compute}…;
 * their contracts are documented there): each reads and writes the key's row through the
 * {@link RowStore}, in one transaction of the {@link TransactionRunner} when it writes, and lets the
 * {@link Culler} make room after a write.
 */
final class EntryOperations {
    private static final String COUNT_READ = "UPDATE Settings SET value = value + 1 WHERE key = ?";

    private final Path directory;
    private final Disk disk;
    private final LiveSettings settings;
    private final TransactionRunner transactions;
    private final RowStore rows;
    private final Culler culler;
    private final DoubleSupplier clock;
    private final boolean readOnly;
    /** Answers repeated reads from the heap; null when there is none. */
    private final HeapTier tier;

    EntryOperations(Path directory, Disk disk, LiveSettings settings, TransactionRunner transactions, RowStore rows,
                    Culler culler, DoubleSupplier clock, HeapTier tier) {
        this.directory = directory;
        this.disk = disk;
        this.settings = settings;
        this.transactions = transactions;
        this.rows = rows;
        this.culler = culler;
        this.clock = clock;
        this.readOnly = transactions.isReadOnly();
        this.tier = tier;
    }

    Object get(Object key) {
        DbKey encoded = encoded(key);
        Settings current = settings.get();
        // Read-only, a read records nothing: counting it would be a write that must fail.
        if (!readOnly && (current.statistics() || current.evictionPolicy().readUpdatesRow())) {
            return getCounted(encoded, current);
        }
        return tier == null ? rows.liveValue(encoded, clock.getAsDouble()) : rows.liveValue(encoded, clock, tier);
    }

    /** A read that must write: hit/miss counters or the eviction policy's access column. */
    private Object getCounted(DbKey key, Settings current) {
        double now = clock.getAsDouble();
        EvictionPolicy policy = current.evictionPolicy();
        return transactions.write(null, key, transaction -> {
            PooledConnection connection = transaction.connection();
            Row row = rows.liveEntryRow(connection, key, now);
            List<RowStore.Damage> damage = new ArrayList<>();
            Object value = row == null ? null : rows.decode(row, damage);
            for (RowStore.Damage damaged : damage) {
                rows.removeDamaged(transaction, key, damaged);
            }
            if (current.statistics()) {
                PreparedStatement count = connection.prepare(COUNT_READ);
                count.setString(1, value == null ? "misses" : "hits");
                count.executeUpdate();
            }
            if (value != null && policy.readUpdatesRow()) {
                RowStore.recordRead(connection, row.rowid(), policy, now);
            }
            return value;
        });
    }

    StoredEntry getEntry(Object key) {
        return rows.liveEntry(encoded(key), clock.getAsDouble());
    }

    StoredEntry lookup(Object key) {
        return rows.anyEntry(encoded(key));
    }

    StoredEntry use(Object key) {
        DbKey encoded = encoded(key);
        StoredEntry entry = rows.anyEntry(encoded);
        EvictionPolicy policy = settings.get().evictionPolicy();
        double now = clock.getAsDouble();
        if (!readOnly && entry != null && policy.readUpdatesRow()
                && Liveness.isLive(entry.expireTime(), now)) {
            transactions.write(null, encoded, transaction -> {
                RowStore.recordRead(transaction.connection(), encoded, policy, now);
                return null;
            });
        }
        return entry;
    }

    InputStream openStream(Object key) {
        return rows.liveStream(encoded(key), clock.getAsDouble());
    }

    boolean contains(Object key) {
        return rows.containsReadable(encoded(key), clock.getAsDouble());
    }

    void set(Object key, Object value, Double expireSeconds, Object tag) {
        DbKey encoded = encoded(key);
        double now = clock.getAsDouble();
        Double expireTime = expireTime(now, expireSeconds);
        checkTag(tag);
        write(encoded, storeChecked(encoded, value), now, expireTime, tag);
    }

    void setStream(Object key, InputStream in, Double expireSeconds, Object tag) {
        DbKey encoded = encoded(key);
        checkTag(tag);
        StoredValue stored = disk.storeStream(in);
        checkFits(encoded, stored);
        double now = clock.getAsDouble();
        write(encoded, stored, now, expireTime(now, expireSeconds), tag);
    }

    /** Stores {@code stored} under the key whatever was there, and culls, in one transaction. */
    private void write(DbKey encoded, StoredValue stored, double now, Double expireTime, Object tag) {
        transactions.write(stored.filename(), encoded, transaction -> {
            Row existing = rows.writeTarget(transaction.connection(), encoded);
            long rowid = RowStore.writeRow(transaction, existing, encoded, stored, now, expireTime, tag);
            wrote(transaction, encoded, rowid, stored, expireTime, tag);
            culler.afterWrite(transaction, now, rowid);
            return null;
        });
    }

    /** Tells the transaction the row a write left, for the heap tier to keep after the commit. */
    private void wrote(Transaction transaction, DbKey key, long rowid, StoredValue stored, Double expireTime,
                       Object tag) {
        if (tier != null) {
            transaction.wrote(key, HeapTier.writtenRow(rowid, stored, expireTime, tag));
        }
    }

    boolean add(Object key, Object value, Double expireSeconds, Object tag) {
        DbKey encoded = encoded(key);
        checkTag(tag);
        StoredValue stored = storeChecked(encoded, value);
        double now = clock.getAsDouble();
        Double expireTime = expireTime(now, expireSeconds);
        return transactions.write(stored.filename(), encoded, transaction -> {
            Row existing = rows.writeTarget(transaction.connection(), encoded);
            if (existing != null && existing.isLive(now)) {
                transaction.deleteOnCommit(stored.filename());
                return false;
            }
            long rowid = RowStore.writeRow(transaction, existing, encoded, stored, now, expireTime, tag);
            culler.afterWrite(transaction, now, rowid);
            return true;
        });
    }

    void compute(Object key, Function<CurrentEntry, EntryChange> decide) {
        DbKey encoded = encoded(key);
        transactions.write(null, encoded, transaction -> {
            Row found = rows.entryRow(transaction.connection(), encoded);
            List<RowStore.Damage> damage = new ArrayList<>();
            EntryChange change = decide.apply(current(found, damage));
            StoredValue stored = change.kind() == EntryChange.Kind.SET ? stored(encoded, change) : null;
            transaction.deleteOnRollback(stored == null ? null : stored.filename());
            apply(transaction, encoded, withoutDamage(transaction, encoded, found, damage), change, stored);
            return null;
        });
    }

    /**
     * {@link #compute} with the decision outside any transaction: the row is read (or found in the
     * heap tier), {@code decide} runs holding no SQLite lock, and its change commits only if the row
     * is still the version it saw; otherwise it decides again on the row found then. Inside an open
     * transaction it is {@link #compute}.
     */
    void computeOutsideTransaction(Object key, Function<CurrentEntry, EntryChange> decide) {
        if (transactions.inTransaction()) {
            compute(key, decide);
            return;
        }
        DbKey encoded = encoded(key);
        while (true) {
            HeapTier.Kept seen = rowToDecideOn(encoded);
            List<RowStore.Damage> damage = new ArrayList<>();
            EntryChange change = decide.apply(current(seen.row(), damage));
            if (change.kind() == EntryChange.Kind.KEEP && damage.isEmpty()) {
                return; // a decision that writes nothing needs no transaction: what it read was one version
            }
            if (commitIfUnchanged(encoded, seen.row(), seen.version(), damage, change)) {
                return;
            }
        }
    }

    /**
     * The key's row with the database version it is true at (null when unknown): the heap tier's
     * when it keeps the row, which spares the read transaction, else read and offered to the tier.
     */
    private HeapTier.Kept rowToDecideOn(DbKey key) {
        if (tier == null) {
            return new HeapTier.Kept(transactions.read(connection -> rows.entryRow(connection, key)), null);
        }
        HeapTier.Ticket ticket = tier.ticket();
        HeapTier.Kept kept = ticket == null ? null : tier.lookupEntry(ticket, key, clock);
        if (kept != null) {
            return kept;
        }
        long[] seenAt = ticket != null ? ticket.version() : tier.databaseVersion();
        Row row = transactions.read(connection -> rows.entryRow(connection, key));
        if (row != null) {
            tier.offer(ticket, key, row);
        }
        return new HeapTier.Kept(row, seenAt);
    }

    /**
     * Commits {@code change} if the key's row is still {@code seen}. When the database's version is
     * still {@code seenAt} (read before {@code seen}), no connection of any process committed in
     * between and the row is not read again: that second read was most of what running the
     * decision outside the transaction added to an invoke.
     */
    private boolean commitIfUnchanged(DbKey key, Row seen, long[] seenAt, List<RowStore.Damage> damage,
                                      EntryChange change) {
        // Serialized before the transaction: the write lock is held only for SQL.
        StoredValue stored = change.kind() == EntryChange.Kind.SET ? stored(key, change) : null;
        String newFile = stored == null ? null : stored.filename();
        return transactions.write(newFile, key, transaction -> {
            boolean nothingCommitted = WalIndexHeader.same(seenAt, databaseVersion());
            Row found = nothingCommitted ? seen : rows.entryRow(transaction.connection(), key);
            if (!Row.sameVersion(seen, found)) {
                transaction.deleteOnCommit(newFile);
                return false;
            }
            apply(transaction, key, withoutDamage(transaction, key, found, damage), change, stored);
            return true;
        });
    }

    /** The database's version now (see {@link HeapTier#databaseVersion}); null when it cannot be told. */
    private long[] databaseVersion() {
        return tier == null ? null : tier.databaseVersion();
    }

    private CurrentEntry current(Row found, List<RowStore.Damage> damage) {
        return found == null ? null : new CurrentEntry(found.expireTime(), found.tag(), () -> rows.decoded(found, damage));
    }

    /** Removes the damaged versions the decision met; the row is gone if any was found. */
    private Row withoutDamage(Transaction transaction, DbKey key, Row row, List<RowStore.Damage> damage)
            throws SQLException {
        Row left = row;
        for (RowStore.Damage damaged : damage) {
            rows.removeDamaged(transaction, key, damaged);
            left = null;
        }
        return left;
    }

    private StoredValue stored(DbKey key, EntryChange change) {
        checkTag(change.tag());
        return storeChecked(key, change.value());
    }

    private void apply(Transaction transaction, DbKey key, Row row, EntryChange change, StoredValue stored)
            throws SQLException {
        PooledConnection connection = transaction.connection();
        switch (change.kind()) {
            case KEEP -> {
                // Nothing to write.
            }
            case DELETE -> {
                if (row != null) {
                    RowStore.deleteRow(connection, row.rowid());
                    transaction.deleteOnCommit(row.filename());
                }
            }
            case EXPIRE_AT -> {
                if (row != null) {
                    RowStore.setExpireTime(connection, row.rowid(), change.expireTime());
                }
            }
            case SET -> {
                double now = clock.getAsDouble();
                long rowid = RowStore.writeRow(transaction, row, key, stored, now, change.expireTime(), change.tag());
                wrote(transaction, key, rowid, stored, change.expireTime(), change.tag());
                culler.afterWrite(transaction, now, rowid);
            }
        }
    }

    boolean touch(Object key, Double expireSeconds) {
        double now = clock.getAsDouble();
        return touchLive(encoded(key), expireTime(now, expireSeconds), now);
    }

    boolean touchAt(Object key, Double expireTime) {
        return touchLive(encoded(key), expireTime, clock.getAsDouble());
    }

    private boolean touchLive(DbKey key, Double expireTime, double now) {
        return transactions.write(null, key,
                transaction -> RowStore.touchLive(transaction.connection(), key, expireTime, now));
    }

    StoredEntry pop(Object key) {
        DbKey encoded = encoded(key);
        double now = clock.getAsDouble();
        return transactions.write(null, encoded, transaction -> {
            PooledConnection connection = transaction.connection();
            Row row = rows.liveEntryRow(connection, encoded, now);
            if (row == null) {
                return null;
            }
            Decoded decoded = rows.decoded(row, new ArrayList<>());
            if (decoded instanceof Decoded.UnreadableHere) {
                return null; // a miss here; it stays for the readers that can read it
            }
            RowStore.deleteRow(connection, row.rowid());
            transaction.deleteOnCommit(row.filename());
            return decoded instanceof Decoded.Value found
                    ? new StoredEntry(encoded.original(), found.value(), row.expireTime(), row.tag()) : null;
        });
    }

    boolean delete(Object key) {
        DbKey encoded = encoded(key);
        double now = clock.getAsDouble();
        return transactions.write(null, encoded, transaction -> RowStore.deleteKey(transaction, encoded, now));
    }

    long incr(Object key, long delta, Long defaultValue) {
        DbKey encoded = encoded(key);
        double now = clock.getAsDouble();
        EvictionPolicy policy = settings.get().evictionPolicy();
        return transactions.write(null, encoded, transaction -> {
            PooledConnection connection = transaction.connection();
            Row existing = rows.writeTarget(connection, encoded);
            if (existing == null || !existing.isLive(now)) {
                if (defaultValue == null) {
                    throw new NoSuchElementException("no entry for key " + encoded.original());
                }
                long result = Math.addExact(defaultValue, delta);
                StoredValue stored = new StoredValue(0, ValueMode.RAW, null, result, Long.BYTES);
                long rowid = RowStore.writeRow(transaction, existing, encoded, stored, now, null, null);
                culler.afterWrite(transaction, now, rowid);
                return result;
            }
            if (existing.mode() != ValueMode.RAW || !(Disk.normalize(existing.inline()) instanceof Long current)) {
                throw new IllegalStateException("value of key " + encoded.original() + " is not an integer");
            }
            long result = Math.addExact(current, delta);
            RowStore.writeInteger(connection, existing.rowid(), result, policy, now);
            return result;
        });
    }

    /**
     * The key as stored. {@link FanoutCache} encodes a key once to choose its shard and passes the
     * {@link DbKey} on (no caller outside the package can: the type is package-private), so every
     * operation encodes its key exactly once.
     */
    private DbKey encoded(Object key) {
        return key instanceof DbKey encoded ? encoded : disk.encodeKey(key);
    }

    private StoredValue storeChecked(DbKey key, Object value) {
        StoredValue stored = disk.store(value);
        checkFits(key, stored);
        return stored;
    }

    private void checkFits(DbKey key, StoredValue stored) {
        Settings current = settings.get();
        if (current.evictionPolicy().orderColumn() == null) {
            return;
        }
        long entryBytes = keyLength(key) + stored.encodedLength();
        if (entryBytes > current.sizeLimit()) {
            disk.remove(stored.filename());
            throw new EntryTooLargeException("entry of " + entryBytes + " bytes exceeds the size limit of "
                    + current.sizeLimit() + " bytes of shard " + directory + "; it would be evicted at once");
        }
    }

    private static long keyLength(DbKey key) {
        Object value = key.sqlValue();
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof String text) {
            return text.length();
        }
        return 8;
    }

    static void checkTag(Object tag) {
        if (tag != null && !(tag instanceof String || tag instanceof byte[] || tag instanceof Long
                || tag instanceof Double)) {
            throw new IllegalArgumentException("a tag must be a String, byte[], Long or Double, not "
                    + tag.getClass().getName());
        }
    }

    static Double expireTime(double now, Double expireSeconds) {
        if (expireSeconds == null) {
            return null;
        }
        if (expireSeconds.isNaN()) {
            throw new IllegalArgumentException("expire must be a number of seconds, not NaN");
        }
        return now + expireSeconds;
    }
}
