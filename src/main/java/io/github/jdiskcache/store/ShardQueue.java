package io.github.jdiskcache.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * A shard's queues, Python diskcache's {@code push}/{@code pull}/{@code peek}: entries under
 * generated keys, ordered by key, taken from either end; and {@link #peekItem}, the oldest or
 * newest entry in insertion order.
 */
final class ShardQueue {
    private final TransactionRunner transactions;
    private final RowStore rows;
    private final Culler culler;
    private final Disk disk;
    private final DoubleSupplier clock;

    ShardQueue(TransactionRunner transactions, RowStore rows, Culler culler, Disk disk, DoubleSupplier clock) {
        this.transactions = transactions;
        this.rows = rows;
        this.culler = culler;
        this.disk = disk;
        this.clock = clock;
    }

    private static final long QUEUE_LOW = 0L;
    private static final long QUEUE_HIGH = 999_999_999_999_999L;
    private static final long QUEUE_START = 500_000_000_000_000L;

    /** See {@link Shard#push}. */
    Object push(Object value, String prefix, Shard.Side side, Double expireSeconds, Object tag) {
        Objects.requireNonNull(side, "side");
        EntryOperations.checkTag(tag);
        StoredValue stored = disk.store(value);
        double now = clock.getAsDouble();
        Double expireTime = EntryOperations.expireTime(now, expireSeconds);
        return transactions.write(stored.filename(), transaction -> {
            PooledConnection connection = transaction.connection();
            QueueRange range = new QueueRange(prefix);
            PreparedStatement select = connection.prepare("SELECT key FROM Cache WHERE ? < key AND key < ?"
                    + " AND raw = 1 ORDER BY key " + (side == Shard.Side.BACK ? "DESC" : "ASC") + " LIMIT 1");
            Sql.bind(select, 1, range.low());
            Sql.bind(select, 2, range.high());
            long number;
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    long edge = range.numberOf(row.getObject(1));
                    number = side == Shard.Side.BACK ? edge + 1 : edge - 1;
                } else {
                    number = QUEUE_START;
                }
            }
            Object key = range.keyOf(number);
            DbKey encoded = new DbKey(key, DbKey.NATIVE, key);
            long rowid = RowStore.writeRow(transaction, null, encoded, stored, now, expireTime, tag);
            culler.afterWrite(transaction, now, rowid);
            return key;
        });
    }

    /**
     * The first live item at {@code side} of the queue, removed if {@code remove}, or null; expired
     * and damaged items met are dropped, items only another reader can read are stepped over.
     */
    Shard.QueueItem take(String prefix, Shard.Side side, boolean remove) {
        Objects.requireNonNull(side, "side");
        double now = clock.getAsDouble();
        QueueRange range = new QueueRange(prefix);
        String sql = "SELECT rowid, key, expire_time, mode, filename, value, size FROM Cache WHERE ? < key AND key < ?"
                + " AND raw = 1 ORDER BY key " + (side == Shard.Side.BACK ? "DESC" : "ASC") + " LIMIT 1";
        return transactions.write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            Object low = range.low();
            Object high = range.high();
            while (true) {
                PreparedStatement select = connection.prepare(sql);
                Sql.bind(select, 1, low);
                Sql.bind(select, 2, high);
                Object key;
                Row found;
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    key = Disk.normalize(row.getObject(2));
                    found = Row.withValueAt(row.getLong(1), Sql.nullableDouble(row, 3), null, row, 4);
                }
                boolean expired = !found.isLive(now);
                Decoded decoded = expired ? null : rows.decoded(found, new ArrayList<>());
                if (decoded instanceof Decoded.UnreadableHere) {
                    // Another reader's item (a Python pickle, a class this process lacks): step over it, leave it queued.
                    if (side == Shard.Side.FRONT) {
                        low = key;
                    } else {
                        high = key;
                    }
                    continue;
                }
                if (expired || remove || decoded instanceof Decoded.Damaged) {
                    RowStore.deleteRow(connection, found.rowid());
                    transaction.deleteOnCommit(found.filename());
                }
                if (decoded instanceof Decoded.Value item) {
                    return new Shard.QueueItem(key, item.value());
                }
            }
        });
    }

    /** See {@link Shard#peekItem}. */
    StoredEntry peekItem(boolean last) {
        double now = clock.getAsDouble();
        String sql = "SELECT rowid, key, raw, expire_time, tag, mode, filename, value, size FROM Cache WHERE rowid "
                + (last ? "<" : ">") + " ? ORDER BY rowid " + (last ? "DESC" : "ASC") + " LIMIT 1";
        return transactions.write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            long cursor = last ? Long.MAX_VALUE : Long.MIN_VALUE;
            while (true) {
                Object key = null;
                Double expireTime;
                Object tag = null;
                Decoded decoded = null;
                String filename;
                PreparedStatement select = connection.prepare(sql);
                select.setLong(1, cursor);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new NoSuchElementException("cache is empty");
                    }
                    cursor = row.getLong(1);
                    expireTime = Sql.nullableDouble(row, 4);
                    filename = row.getString(7);
                    if (Liveness.isLive(expireTime, now)) {
                        try {
                            key = disk.decodeKey(row.getObject(2), row.getInt(3));
                        } catch (UnreadableValueException | DamagedValueException e) {
                            continue; // a key only another reader (Python) can use: step over the entry
                        }
                        tag = Disk.normalize(row.getObject(5));
                        decoded = rows.decoded(Row.withValueAt(cursor, expireTime, tag, row, 6), new ArrayList<>());
                    }
                }
                if (decoded instanceof Decoded.Value found) {
                    return new StoredEntry(key, found.value(), expireTime, tag);
                }
                if (!(decoded instanceof Decoded.UnreadableHere)) {
                    RowStore.deleteRow(connection, cursor);
                    transaction.deleteOnCommit(filename);
                }
            }
        });
    }

    /** The key range of one queue: integers in (0, 10^15 - 1), or prefixed 15-digit strings. */
    private record QueueRange(String prefix) {
        Object low() {
            return prefix == null ? (Object) QUEUE_LOW : prefix + "-000000000000000";
        }

        Object high() {
            return prefix == null ? (Object) QUEUE_HIGH : prefix + "-999999999999999";
        }

        long numberOf(Object key) {
            if (prefix == null) {
                return ((Number) key).longValue();
            }
            String text = (String) key;
            return Long.parseLong(text.substring(text.length() - 15));
        }

        Object keyOf(long number) {
            if (number <= QUEUE_LOW || number >= QUEUE_HIGH) {
                throw new StoreException("queue " + (prefix == null ? "" : "'" + prefix + "' ") + "is full");
            }
            return prefix == null ? (Object) number : String.format("%s-%015d", prefix, number);
        }
    }
}
