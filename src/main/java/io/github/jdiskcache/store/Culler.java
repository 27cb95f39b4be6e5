package io.github.jdiskcache.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Removes rows in bulk: expired ones, a tag's, all of them, and, to respect the size limit, those
 * the eviction policy ranks first; after every write ({@link #afterWrite}) and on demand.
 */
final class Culler {
    /** Rows per batch of expire/evict/clear: long enough to be efficient, short enough to let writers in. */
    static final int BATCH = 100;
    private static final String VOLUME = "SELECT (SELECT page_count FROM pragma_page_count()) * ?"
            + " + (SELECT value FROM Settings WHERE key = 'size')";
    /** A plain SELECT first: a DELETE costs ~3x as much even when it finds nothing, and usually nothing has expired. */
    private static final String CULL_CHECK = "SELECT (SELECT rowid FROM Cache WHERE " + Liveness.EXPIRED_SQL
            + " AND rowid != ? LIMIT 1), (SELECT page_count FROM pragma_page_count()) * ?"
            + " + (SELECT value FROM Settings WHERE key = 'size')";
    private static final String SELECT_EXPIRED = "SELECT rowid, filename FROM Cache"
            + " WHERE " + Liveness.EXPIRED_SQL + " AND rowid != ? ORDER BY expire_time LIMIT ?";

    private final TransactionRunner transactions;
    private final LiveSettings settings;
    private final long pageSize;
    private final LongAdder evictions = new LongAdder();

    Culler(TransactionRunner transactions, LiveSettings settings, long pageSize) {
        this.transactions = transactions;
        this.settings = settings;
        this.pageSize = pageSize;
    }

    long evictionCount() {
        return evictions.sum();
    }

    /** Bytes on disk: database pages plus value files (WAL and directories excluded). */
    long volume() {
        return transactions.read(this::volume);
    }

    private long volume(PooledConnection connection) throws SQLException {
        PreparedStatement select = connection.prepare(VOLUME);
        select.setLong(1, pageSize);
        return Sql.queryLong(select);
    }

    /**
     * Deletes every expired entry, by the one rule of {@link Liveness} (an entry expiring exactly
     * now is expired; diskcache's own cull spares it until the next one); returns how many. Each
     * batch is its own transaction.
     */
    long expire(double now) {
        return deleteInBatches("SELECT rowid FROM Cache WHERE " + Liveness.EXPIRED_SQL
                + " ORDER BY expire_time LIMIT ?", statement -> statement.setDouble(1, now));
    }

    /** Deletes every entry with {@code tag}; returns how many. Fast with the tag index. */
    long evict(Object tag) {
        return deleteInBatches("SELECT rowid FROM Cache WHERE tag = ? ORDER BY rowid LIMIT ?",
                statement -> Sql.bind(statement, 1, tag));
    }

    /** Deletes every entry; returns how many. Not atomic: writers may interleave between batches. */
    long clear() {
        return deleteInBatches("SELECT rowid FROM Cache ORDER BY rowid LIMIT ?", statement -> { });
    }

    /**
     * Removes expired entries, then evicts in policy order while the volume exceeds the size limit.
     * Returns the number of entries removed (expired ones included).
     */
    long cull(double now) {
        long removed = expire(now);
        Settings settings = this.settings.get();
        EvictionPolicy policy = settings.evictionPolicy();
        if (policy.orderColumn() == null) {
            return removed;
        }
        String select = "SELECT rowid FROM Cache ORDER BY " + policy.orderColumn() + " LIMIT ?";
        while (volume() > settings.sizeLimit()) {
            long evicted = deleteBatch(select, statement -> { }, 10);
            if (evicted == 0) {
                break;
            }
            evictions.add(evicted);
            removed += evicted;
        }
        return removed;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private long deleteInBatches(String selectRowids, Binder binder) {
        long total = 0;
        while (true) {
            long deleted = deleteBatch(selectRowids, binder, BATCH);
            total += deleted;
            if (deleted < BATCH) {
                return total;
            }
        }
    }

    /** One transaction deleting the rows {@code selectRowids} finds (its last parameter is the limit). */
    private long deleteBatch(String selectRowids, Binder binder, int limit) {
        String sql = "DELETE FROM Cache WHERE rowid IN (" + selectRowids + ") RETURNING filename";
        int limitIndex = (int) selectRowids.chars().filter(c -> c == '?').count();
        return transactions.write(null, transaction -> {
            PreparedStatement delete = transaction.connection().prepare(sql);
            binder.bind(delete);
            delete.setInt(limitIndex, limit);
            return deleteReturningFiles(delete, transaction);
        });
    }

    /**
     * Automatic culling after a write, inside its transaction: up to {@code cull_limit} expired
     * rows, then, while over the size limit, up to the rest of that budget in policy order. The row
     * just written ({@code keepRowid}) is never culled.
     */
    void afterWrite(Transaction transaction, double now, long keepRowid) throws SQLException {
        Settings current = settings.get();
        long budget = current.cullLimit();
        if (budget == 0) {
            return;
        }
        PooledConnection connection = transaction.connection();
        // One statement answers both questions a write usually gets "no" to: anything expired? over the limit?
        PreparedStatement check = connection.prepare(CULL_CHECK);
        check.setDouble(1, now);
        check.setLong(2, keepRowid);
        check.setLong(3, pageSize);
        boolean anyExpired;
        long volume;
        try (ResultSet row = check.executeQuery()) {
            row.next();
            anyExpired = row.getObject(1) != null;
            volume = row.getLong(2);
        }
        if (anyExpired) {
            budget -= cullExpired(transaction, now, keepRowid, budget);
            volume = volume(connection);
        }
        EvictionPolicy policy = current.evictionPolicy();
        if (budget <= 0 || policy.orderColumn() == null || volume < current.sizeLimit()) {
            return;
        }
        PreparedStatement evict = connection.prepare("DELETE FROM Cache WHERE rowid IN (SELECT rowid FROM Cache"
                + " WHERE rowid != ? ORDER BY " + policy.orderColumn() + " LIMIT ?) RETURNING filename");
        evict.setLong(1, keepRowid);
        evict.setLong(2, budget);
        long evicted = deleteReturningFiles(evict, transaction);
        if (evicted > 0) {
            // Live rows of other keys went; expired ones culled above need no mention (nobody reads them).
            transaction.changesUnknownRows();
        }
        evictions.add(evicted);
    }

    /** Deletes up to {@code budget} expired rows (oldest expiry first); returns how many. */
    private static long cullExpired(Transaction transaction, double now, long keepRowid, long budget)
            throws SQLException {
        PooledConnection connection = transaction.connection();
        PreparedStatement expired = connection.prepare(SELECT_EXPIRED);
        expired.setDouble(1, now);
        expired.setLong(2, keepRowid);
        expired.setLong(3, budget);
        List<Long> rowids = new ArrayList<>();
        List<String> files = new ArrayList<>();
        try (ResultSet rows = expired.executeQuery()) {
            while (rows.next()) {
                rowids.add(rows.getLong(1));
                files.add(rows.getString(2));
            }
        }
        for (long rowid : rowids) {
            RowStore.deleteRow(connection, rowid);
        }
        files.forEach(transaction::deleteOnCommit);
        return rowids.size();
    }

    private static long deleteReturningFiles(PreparedStatement delete, Transaction transaction) throws SQLException {
        long deleted = 0;
        try (ResultSet rows = delete.executeQuery()) {
            while (rows.next()) {
                deleted++;
                transaction.deleteOnCommit(rows.getString(1));
            }
        }
        return deleted;
    }

}
