package io.github.jdiskcache.store;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * A shard's keys, a page at a time, so iterating never loads a whole shard and never holds a
 * transaction open between pages. Keys only another reader can decode (a pickle that is more than
 * plain data) are skipped.
 */
final class KeyPages {
    /** Looked up when there is something to say: setting up logging is a cost of every cold start. */
    private static System.Logger log() {
        return System.getLogger(Shard.class.getName());
    }

    private final Path databaseFile;
    private final TransactionRunner transactions;
    private final Disk disk;
    private final DoubleSupplier clock;

    KeyPages(Path databaseFile, TransactionRunner transactions, Disk disk, DoubleSupplier clock) {
        this.databaseFile = databaseFile;
        this.transactions = transactions;
        this.disk = disk;
        this.clock = clock;
    }

    /** Keys in insertion order (reversed: newest first), expired ones too unless {@code liveOnly}. */
    Iterator<Object> inInsertionOrder(boolean reverse, boolean liveOnly) {
        return new InsertionOrderKeys(reverse, liveOnly);
    }

    /** Keys in SQLite's key order (numbers, then text, then blobs), expired ones included. */
    Iterator<Object> inKeyOrder(boolean reverse) {
        return new SortedKeys(reverse);
    }

    /** Pages through rowids captured at creation: rows added later are not visited. */
    private final class InsertionOrderKeys extends PagedIterator {
        private final boolean reverse;
        private final boolean liveOnly;
        private long cursor;
        private final long bound;

        InsertionOrderKeys(boolean reverse, boolean liveOnly) {
            this.reverse = reverse;
            this.liveOnly = liveOnly;
            this.bound = transactions.read(connection -> {
                try (ResultSet row = connection.prepare("SELECT COALESCE(MAX(rowid), 0) FROM Cache").executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            });
            this.cursor = reverse ? bound + 1 : 0;
        }

        @Override
        List<Object> nextPage() {
            double now = clock.getAsDouble();
            String sql = reverse
                    ? "SELECT rowid, key, raw, expire_time FROM Cache WHERE rowid < ? ORDER BY rowid DESC LIMIT ?"
                    : "SELECT rowid, key, raw, expire_time FROM Cache WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?";
            return transactions.read(connection -> {
                PreparedStatement select = connection.prepare(sql);
                select.setLong(1, cursor);
                if (reverse) {
                    select.setInt(2, Culler.BATCH);
                } else {
                    select.setLong(2, bound);
                    select.setInt(3, Culler.BATCH);
                }
                List<Object> page = new ArrayList<>();
                boolean any = false;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        any = true;
                        cursor = rows.getLong(1);
                        Double expireTime = Sql.nullableDouble(rows, 4);
                        if (liveOnly && !Liveness.isLive(expireTime, now)) {
                            continue;
                        }
                        addDecoded(page, rows.getObject(2), rows.getInt(3));
                    }
                }
                return any ? page : null;
            });
        }
    }

    /** Keyset pagination over the (key, raw) index. */
    private final class SortedKeys extends PagedIterator {
        private final boolean reverse;
        private Object lastKey;
        private int lastRaw;

        SortedKeys(boolean reverse) {
            this.reverse = reverse;
        }

        @Override
        List<Object> nextPage() {
            String order = reverse ? " ORDER BY key DESC, raw DESC LIMIT ?" : " ORDER BY key, raw LIMIT ?";
            String sql = lastKey == null
                    ? "SELECT key, raw FROM Cache" + order
                    : "SELECT key, raw FROM Cache WHERE (key, raw) " + (reverse ? "<" : ">") + " (?, ?)" + order;
            return transactions.read(connection -> {
                PreparedStatement select = connection.prepare(sql);
                int index = 1;
                if (lastKey != null) {
                    Sql.bind(select, index++, lastKey);
                    select.setInt(index++, lastRaw);
                }
                select.setInt(index, Culler.BATCH);
                List<Object> page = new ArrayList<>();
                boolean any = false;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        any = true;
                        lastKey = Disk.normalize(rows.getObject(1));
                        lastRaw = rows.getInt(2);
                        addDecoded(page, lastKey, lastRaw);
                    }
                }
                return any ? page : null;
            });
        }
    }

    private void addDecoded(List<Object> page, Object sqlKey, int raw) {
        try {
            page.add(disk.decodeKey(sqlKey, raw));
        } catch (UnreadableValueException | DamagedValueException e) {
            // A Python-pickled key (raw=0), or one of a class this process lacks: it belongs to another reader.
            log().log(System.Logger.Level.DEBUG, "skipping a key Java cannot decode in " + databaseFile, e);
        }
    }
}
