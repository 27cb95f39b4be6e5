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

    List<String> filesToDeleteOnCommit() {
        return deleteOnCommit;
    }

    List<String> filesToDeleteOnRollback() {
        return deleteOnRollback;
    }
}
