package io.github.jdiskcache.store;

import java.util.ArrayList;
import java.util.List;

/**
 * An open {@code BEGIN IMMEDIATE} transaction and the value files whose fate depends on it: files
 * of replaced or deleted rows go at the outermost commit (never earlier, so a rollback cannot leave
 * a row pointing at a deleted file), files written for this transaction go if it rolls back.
 */
final class Transaction {
    private final PooledConnection connection;
    private final List<String> deleteOnCommit = new ArrayList<>();
    private final List<String> deleteOnRollback = new ArrayList<>();
    /** The keys whose rows this transaction wrote or deleted, while {@link #rowsUnknown} is false. */
    private final List<DbKey> changedKeys = new ArrayList<>();
    /** Beside each changed key, the row it left for a heap tier to keep (see {@link #wrote}), or null. */
    private final List<Row> writtenRows = new ArrayList<>();
    private boolean rowsUnknown;

    Transaction(PooledConnection connection) {
        this.connection = connection;
    }

    PooledConnection connection() {
        return connection;
    }

    void deleteOnCommit(String filename) {
        if (filename != null) {
            deleteOnCommit.add(filename);
        }
    }

    void deleteOnRollback(String filename) {
        if (filename != null) {
            deleteOnRollback.add(filename);
        }
    }

    /** Records that the transaction writes or deletes {@code key}'s row (and, as far as it says, no other). */
    void changes(DbKey key) {
        changedKeys.add(key);
        writtenRows.add(null);
    }

    /**
     * Records the row a write of {@code key} left, for the heap tier to keep after the commit. It
     * counts only right after that key's {@link #changes} (the same object), so that any later
     * change of the key in this transaction, declared after it, overrides it.
     */
    void wrote(DbKey key, Row row) {
        int last = changedKeys.size() - 1;
        if (last >= 0 && changedKeys.get(last) == key) {
            writtenRows.set(last, row);
        }
    }

    /** Records that the transaction changed rows it cannot name (eviction, cull, clear, repair…). */
    void changesUnknownRows() {
        rowsUnknown = true;
    }

    /** The keys whose rows changed, or null when the transaction cannot say which. */
    List<DbKey> changedKeys() {
        return rowsUnknown ? null : changedKeys;
    }

    /** Beside each of {@link #changedKeys}, the row its write left (null: the key's row is not known). */
    List<Row> writtenRows() {
        return writtenRows;
    }

    List<String> filesToDeleteOnCommit() {
        return deleteOnCommit;
    }

    List<String> filesToDeleteOnRollback() {
        return deleteOnRollback;
    }
}
