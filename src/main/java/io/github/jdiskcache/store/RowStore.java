package io.github.jdiskcache.store;

import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

import static io.github.jdiskcache.store.Sql.bind;
import static io.github.jdiskcache.store.Sql.bindNullableDouble;
import static io.github.jdiskcache.store.Sql.nullableDouble;

/**
 * Reads and writes the row of one key: the only place that selects or writes a {@code Cache} row
 * by its key. Every value it reads is decoded by {@link #decoded}, which tells damage (removed, as
 * it is wrong for every reader) from a value only this process cannot read (left for the others).
 */
final class RowStore {
    /**
     * Looked up when there is something to say: setting up logging is a cost of every cold start.
     * Logged under the shard's name, where these warnings have always been.
     */
    private static System.Logger log() {
        return System.getLogger(Shard.class.getName());
    }

    /**
     * The columns of the by-key SELECTs, each with and without the liveness condition, run by
     * {@link SingleRowQuery}. Reads start with the fewest columns: an inline value needs only itself
     * and its mode; a NULL value means a value file, and the row is read again with the file's name
     * and size (a second lookup, small beside reading a file of at least the inline threshold).
     */
    enum Columns {
        /** Whether a live row exists, and whether its value needs decoding to know it is readable. */
        MODE("mode"),
        /** The hot get's first read. */
        INLINE_VALUE("value, mode"),
        /** The same with the expire time, for a row the heap tier keeps. */
        INLINE_VALUE_EXPIRY("value, mode, expire_time"),
        /** A lookup's first read. */
        INLINE_ENTRY("value, mode, expire_time, tag"),
        /** A value kept in a file. */
        VALUE("mode, filename, value, size"),
        /** Everything an entry or a decision about it needs. */
        ENTRY("rowid, expire_time, tag, mode, filename, value, size"),
        /** What a write over the row needs: where it is, its file, its expiry, an integer to add to. */
        WRITE_TARGET("rowid, filename, expire_time, mode, value");

        private final String any;
        private final String live;

        Columns(String columns) {
            any = "SELECT " + columns + " FROM Cache WHERE key = ? AND raw = ?";
            live = any + " AND " + Liveness.SQL;
        }
    }

    private static final String DELETE_DAMAGED = "DELETE FROM Cache WHERE key = ? AND raw = ? AND mode = ?"
            + " AND filename IS ? AND value IS ?";
    private static final String UPDATE_ROW = "UPDATE Cache SET store_time = ?, expire_time = ?, access_time = ?,"
            + " access_count = 0, tag = ?, size = ?, mode = ?, filename = ?, value = ? WHERE rowid = ?";
    /** Leaving an unchanged expire_time out spares SQLite an expire-index update per write (~25% of a put). */
    private static final String UPDATE_ROW_SAME_EXPIRY = "UPDATE Cache SET store_time = ?, access_time = ?,"
            + " access_count = 0, tag = ?, size = ?, mode = ?, filename = ?, value = ? WHERE rowid = ?";
    private static final String INSERT_ROW = "INSERT INTO Cache(key, raw, store_time, expire_time, access_time,"
            + " access_count, tag, size, mode, filename, value) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) RETURNING rowid";
    private static final String DELETE_ROWID = "DELETE FROM Cache WHERE rowid = ?";
    private static final String DELETE_KEY = "DELETE FROM Cache WHERE key = ? AND raw = ? RETURNING expire_time, filename";
    private static final String TOUCH = "UPDATE Cache SET expire_time = ? WHERE key = ? AND raw = ? AND " + Liveness.SQL;
    private static final String SET_EXPIRE_TIME = "UPDATE Cache SET expire_time = ? WHERE rowid = ?";

    /** A first read's answer for a live row whose value is kept in a file: read it again for the file. */
    private static final Row NOT_INLINE = Row.inline(ValueMode.NONE, null);

    private final Path databaseFile;
    private final Disk disk;
    private final TransactionRunner transactions;
    private final LongAdder damagedEntries = new LongAdder();
    private final LongAdder unreadableReads = new LongAdder();
    /** Causes of unreadable values already logged: each is logged once, not on every read. */
    private final Set<String> loggedUnreadable = ConcurrentHashMap.newKeySet();

    RowStore(Path databaseFile, Disk disk, TransactionRunner transactions) {
        this.databaseFile = databaseFile;
        this.disk = disk;
        this.transactions = transactions;
    }

    long damagedEntryCount() {
        return damagedEntries.sum();
    }

    long unreadableReadCount() {
        return unreadableReads.sum();
    }

    // ---------------------------------------------------------------- reads

    /** The live row's value, or null: the hot get, one narrow SELECT for an inline value. */
    Object liveValue(DbKey key, double now) {
        return readHealing(key, damage -> transactions.read(connection -> {
            Row row = select(connection, Columns.INLINE_VALUE, key, now, found -> {
                Object inline = found.value(1);
                return inline == null ? NOT_INLINE : Row.inline(found.integer(2), inline);
            });
            if (row == NOT_INLINE) {
                // A file-backed value: read the row again with its file's name and size.
                row = liveValueRow(connection, key, now);
            }
            return row == null ? null : decode(row, damage);
        }));
    }

    /**
     * {@link #liveValue} answered from {@code tier} when it keeps the row; else read with the row's
     * expire time and offered to it. Each hit decodes a copy of the kept bytes.
     */
    Object liveValue(DbKey key, DoubleSupplier clock, HeapTier tier) {
        HeapTier.Ticket ticket = tier.ticket();
        Row kept = ticket == null ? null : tier.lookup(key, clock);
        if (kept != null) {
            Object value = decode(kept, new ArrayList<>());
            if (value != null) {
                return value;
            }
        }
        double now = clock.getAsDouble();
        return readHealing(key, damage -> transactions.read(connection -> {
            Row row = select(connection, Columns.INLINE_VALUE_EXPIRY, key, now, found -> {
                Object inline = found.value(1);
                return inline == null ? NOT_INLINE
                        : new Row(Row.NO_ROWID, found.nullableReal(3), null, found.integer(2), null, inline, 0);
            });
            if (row == null) {
                return null;
            }
            if (row == NOT_INLINE) {
                Row inFile = liveValueRow(connection, key, now);
                return inFile == null ? null : decode(inFile, damage);
            }
            Object value = decode(row, damage);
            if (value != null && damage.isEmpty()) {
                tier.offer(ticket, key, row);
            }
            return value;
        }));
    }

    /** The live entry with its expiry time and tag, or null. */
    StoredEntry liveEntry(DbKey key, double now) {
        return readHealing(key, damage -> transactions.read(
                connection -> entry(key, liveEntryRow(connection, key, now), damage)));
    }

    /** The entry whether or not it has expired, or null; the value only is read first. */
    StoredEntry anyEntry(DbKey key) {
        return readHealing(key, damage -> transactions.read(connection -> {
            Row row = select(connection, Columns.INLINE_ENTRY, key, found -> {
                Object inline = found.value(1);
                return inline == null ? NOT_INLINE
                        : new Row(Row.NO_ROWID, found.nullableReal(3), found.value(4), found.integer(2), null, inline, 0);
            });
            if (row == null) {
                return null;
            }
            return entry(key, row == NOT_INLINE ? entryRow(connection, key) : row, damage);
        }));
    }

    /**
     * Whether a live entry exists whose value this process can read. Native values (text, bytes,
     * numbers) need no decoding; a serialized object is deserialized to know.
     */
    boolean containsReadable(DbKey key, double now) {
        return readHealing(key, damage -> transactions.read(connection -> {
            Integer mode = select(connection, Columns.MODE, key, now, found -> found.integer(1));
            if (mode == null) {
                return false;
            }
            if (mode == ValueMode.RAW || mode == ValueMode.BINARY || mode == ValueMode.TEXT) {
                return true;
            }
            Row row = liveValueRow(connection, key, now);
            return row != null && decode(row, damage) != null;
        }));
    }

    /** The live value as a stream, a value file streamed from disk rather than loaded whole; or null. */
    InputStream liveStream(DbKey key, double now) {
        return readHealing(key, damage -> transactions.read(connection -> {
            Row row = liveValueRow(connection, key, now);
            if (row == null) {
                return null;
            }
            try {
                InputStream file = disk.openFile(row.mode(), row.filename());
                if (file != null) {
                    return file;
                }
            } catch (NoSuchFileException e) {
                damage.add(new Damage(row, "value file " + e.getFile() + " is missing"));
                return null;
            } catch (DamagedValueException e) {
                damage.add(new Damage(row, e.getMessage()));
                return null;
            }
            Object value = decode(row, damage);
            return value == null ? null : Disk.asStream(value);
        }));
    }

    /** The live row with everything an entry needs ({@link Columns#ENTRY}), or null. */
    Row liveEntryRow(PooledConnection connection, DbKey key, double now) throws SQLException {
        return select(connection, Columns.ENTRY, key, now, RowStore::entryAt);
    }

    /** The row, expired or not, with everything an entry needs ({@link Columns#ENTRY}), or null. */
    Row entryRow(PooledConnection connection, DbKey key) throws SQLException {
        return select(connection, Columns.ENTRY, key, RowStore::entryAt);
    }

    /** The row, expired or not, as a write over it needs it ({@link Columns#WRITE_TARGET}), or null. */
    Row writeTarget(PooledConnection connection, DbKey key) throws SQLException {
        return select(connection, Columns.WRITE_TARGET, key, found -> new Row(found.longInteger(1),
                found.nullableReal(3), null, found.integer(4), found.text(2), found.value(5), 0));
    }

    private Row liveValueRow(PooledConnection connection, DbKey key, double now) throws SQLException {
        return select(connection, Columns.VALUE, key, now, found -> Row.withValueAt(Row.NO_ROWID, null, null, found, 1));
    }

    private static Row entryAt(SteppedRow found) throws SQLException {
        return Row.withValueAt(found.longInteger(1), found.nullableReal(2), found.value(3), found, 4);
    }

    /** The entry a row describes, or null when there is no row or its value cannot be given. */
    private StoredEntry entry(DbKey key, Row row, List<Damage> damage) {
        if (row == null) {
            return null;
        }
        Object value = decode(row, damage);
        return value == null ? null : new StoredEntry(key.original(), value, row.expireTime(), row.tag());
    }

    /** What {@code reader} makes of the key's row, expired or not; null when there is none. */
    private static <T> T select(PooledConnection connection, Columns columns, DbKey key,
                                SingleRowQuery.RowReader<T> reader) throws SQLException {
        return SingleRowQuery.select(connection.prepare(columns.any), new Object[] {key.sqlValue(), key.raw()}, reader);
    }

    /** What {@code reader} makes of the key's row if it is live at {@code now}; null when there is none. */
    private static <T> T select(PooledConnection connection, Columns columns, DbKey key, double now,
                                SingleRowQuery.RowReader<T> reader) throws SQLException {
        return SingleRowQuery.select(connection.prepare(columns.live),
                new Object[] {key.sqlValue(), key.raw(), now}, reader);
    }

    // ---------------------------------------------------------------- writes

    /** Updates {@code existing} in place (keeping its rowid, i.e. its insertion order) or inserts a row. */
    static long writeRow(Transaction transaction, Row existing, DbKey key, StoredValue stored, double now,
                         Double expireTime, Object tag) throws SQLException {
        PooledConnection connection = transaction.connection();
        if (existing != null) {
            boolean sameExpiry = Objects.equals(existing.expireTime(), expireTime);
            PreparedStatement update = connection.prepare(sameExpiry ? UPDATE_ROW_SAME_EXPIRY : UPDATE_ROW);
            int index = 1;
            update.setDouble(index++, now);
            if (!sameExpiry) {
                bindNullableDouble(update, index++, expireTime);
            }
            update.setDouble(index++, now);
            bind(update, index++, tag);
            update.setLong(index++, stored.size());
            update.setInt(index++, stored.mode());
            update.setString(index++, stored.filename());
            bind(update, index++, stored.inline());
            update.setLong(index, existing.rowid());
            if (update.executeUpdate() != 1) {
                // A row known from before the transaction (a heap tier's) that a cull deleted since:
                // failing loses nothing, writing nothing would lose the value.
                throw new StoreException("row " + existing.rowid() + " of key " + key.original()
                        + " was deleted before its update could commit");
            }
            transaction.deleteOnCommit(existing.filename());
            return existing.rowid();
        }
        PreparedStatement insert = connection.prepare(INSERT_ROW);
        bind(insert, 1, key.sqlValue());
        insert.setInt(2, key.raw());
        insert.setDouble(3, now);
        bindNullableDouble(insert, 4, expireTime);
        insert.setDouble(5, now);
        bind(insert, 6, tag);
        insert.setLong(7, stored.size());
        insert.setInt(8, stored.mode());
        insert.setString(9, stored.filename());
        bind(insert, 10, stored.inline());
        try (ResultSet row = insert.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Replaces the integer of row {@code rowid}, recording the read for policies that rank by reads. */
    static void writeInteger(PooledConnection connection, long rowid, long value, EvictionPolicy policy, double now)
            throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE Cache SET store_time = ?, value = ?");
        if (policy.readUpdatesRow()) {
            sql.append(", ").append(policy.readUpdate());
        }
        PreparedStatement update = connection.prepare(sql.append(" WHERE rowid = ?").toString());
        int index = 1;
        update.setDouble(index++, now);
        update.setLong(index++, value);
        if (policy.readUpdateTakesTime()) {
            update.setDouble(index++, now);
        }
        update.setLong(index, rowid);
        update.executeUpdate();
    }

    /** Records a read of the key's row in the columns {@code policy} ranks by (LRU's time, LFU's count). */
    static void recordRead(PooledConnection connection, DbKey key, EvictionPolicy policy, double now)
            throws SQLException {
        PreparedStatement update = readUpdate(connection, policy, now, "key = ? AND raw = ?");
        int index = firstWhereParameter(policy);
        bind(update, index, key.sqlValue());
        update.setInt(index + 1, key.raw());
        update.executeUpdate();
    }

    /** Like {@link #recordRead(PooledConnection, DbKey, EvictionPolicy, double)} for a row already found. */
    static void recordRead(PooledConnection connection, long rowid, EvictionPolicy policy, double now)
            throws SQLException {
        PreparedStatement update = readUpdate(connection, policy, now, "rowid = ?");
        update.setLong(firstWhereParameter(policy), rowid);
        update.executeUpdate();
    }

    /** The policy's read update with its time bound; the WHERE parameters follow it. */
    private static PreparedStatement readUpdate(PooledConnection connection, EvictionPolicy policy, double now,
                                                String where) throws SQLException {
        PreparedStatement update = connection.prepare("UPDATE Cache SET " + policy.readUpdate() + " WHERE " + where);
        if (policy.readUpdateTakesTime()) {
            update.setDouble(1, now);
        }
        return update;
    }

    private static int firstWhereParameter(EvictionPolicy policy) {
        return policy.readUpdateTakesTime() ? 2 : 1;
    }

    /** Sets a live row's expire time; false when the key has no live row. */
    static boolean touchLive(PooledConnection connection, DbKey key, Double expireTime, double now)
            throws SQLException {
        PreparedStatement update = connection.prepare(TOUCH);
        bindNullableDouble(update, 1, expireTime);
        bind(update, 2, key.sqlValue());
        update.setInt(3, key.raw());
        update.setDouble(4, now);
        return update.executeUpdate() > 0;
    }

    static void setExpireTime(PooledConnection connection, long rowid, Double expireTime) throws SQLException {
        PreparedStatement update = connection.prepare(SET_EXPIRE_TIME);
        bindNullableDouble(update, 1, expireTime);
        update.setLong(2, rowid);
        update.executeUpdate();
    }

    /** Deletes the key's row, expired or not; true if it was live. Its file goes at commit. */
    static boolean deleteKey(Transaction transaction, DbKey key, double now) throws SQLException {
        PreparedStatement delete = transaction.connection().prepare(DELETE_KEY);
        bind(delete, 1, key.sqlValue());
        delete.setInt(2, key.raw());
        try (ResultSet row = delete.executeQuery()) {
            if (!row.next()) {
                return false;
            }
            Double expireTime = nullableDouble(row, 1);
            transaction.deleteOnCommit(row.getString(2));
            return Liveness.isLive(expireTime, now);
        }
    }

    static void deleteRow(PooledConnection connection, long rowid) throws SQLException {
        PreparedStatement delete = connection.prepare(DELETE_ROWID);
        delete.setLong(1, rowid);
        delete.executeUpdate();
    }

    // ---------------------------------------------------------------- decoding

    /** Why a row's value could not be produced. */
    record Damage(Row row, String reason) {
    }

    /** The value of a row, or null when there is none to give; see {@link #decoded}. */
    Object decode(Row row, List<Damage> damage) {
        return decoded(row, damage) instanceof Decoded.Value found ? found.value() : null;
    }

    /**
     * Decodes a row's value. Damage (its file gone, of the wrong size or forged, bytes in no known
     * format) is recorded for the caller to clean up. A value only this process cannot read (a class
     * it lacks or that changed, a refused class, a Python pickle) is counted, its cause logged once,
     * and left alone: another process, another version of the application or Python may read it.
     */
    Decoded decoded(Row row, List<Damage> damage) {
        Decoded decoded = disk.fetch(row.mode(), row.filename(), row.size(), row.inline());
        if (decoded instanceof Decoded.Damaged damaged) {
            damage.add(new Damage(row, damaged.reason()));
        } else if (decoded instanceof Decoded.UnreadableHere unreadable) {
            unreadableReads.increment();
            if (loggedUnreadable.add(unreadable.subject())) {
                log().log(System.Logger.Level.WARNING, "a value in " + databaseFile + " cannot be read by this process"
                        + " and is treated as a miss, left for readers that can read it (logged once per cause): "
                        + unreadable.reason());
            }
        }
        return decoded;
    }

    /**
     * Runs a read and removes the rows it found damaged (read-only, it leaves them). A value file
     * can also vanish because a concurrent overwrite replaced the row and deleted its old file, so a
     * read that met damage is repeated once, and only what the second read still finds damaged is removed.
     */
    private <T> T readHealing(DbKey key, Function<List<Damage>, T> attempt) {
        List<Damage> damage = new ArrayList<>();
        T result = attempt.apply(damage);
        if (damage.isEmpty() || transactions.isReadOnly()) {
            return result;
        }
        List<Damage> again = new ArrayList<>();
        result = attempt.apply(again);
        for (Damage damaged : again) {
            transactions.write(null, key, transaction -> {
                removeDamaged(transaction, key, damaged);
                return null;
            });
        }
        return result;
    }

    /** Deletes the damaged row, if it is still exactly the version that was read, and says so in the log. */
    void removeDamaged(Transaction transaction, DbKey key, Damage damage) throws SQLException {
        Row row = damage.row();
        PreparedStatement delete = transaction.connection().prepare(DELETE_DAMAGED);
        bind(delete, 1, key.sqlValue());
        delete.setInt(2, key.raw());
        delete.setInt(3, row.mode());
        bind(delete, 4, row.filename());
        bind(delete, 5, row.inline());
        if (delete.executeUpdate() > 0) {
            if (row.filename() != null) {
                transaction.deleteOnCommit(row.filename());
            }
            damagedEntries.increment();
            log().log(System.Logger.Level.WARNING, "removed a damaged entry from " + databaseFile + ": "
                    + damage.reason());
        }
    }
}
