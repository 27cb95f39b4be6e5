package io.github.jdiskcache.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shard's reads and write transactions: a read joins this thread's open transaction or
 * borrows a connection; a write joins it or begins one ({@code BEGIN IMMEDIATE}) under the
 * in-process {@link WriteGate}, and at its end deletes the value files whose fate it decided.
 */
final class TransactionRunner {
    @FunctionalInterface
    interface Work<T> {
        T run(PooledConnection connection) throws SQLException;
    }

    @FunctionalInterface
    interface TransactionWork<T> {
        T run(Transaction transaction) throws SQLException;
    }

    /** Declares no row: what {@link #writeDeclaredInside} passes. */
    private static final DbKey NO_ROW = new DbKey("", DbKey.NATIVE, null);

    private final Path directory;
    private final Path databaseFile;
    private final StoreOptions options;
    private final ConnectionPool pool;
    private final WriteGate gate;
    private final Disk disk;
    private final LiveSettings settings;
    private final SqliteErrors errors;
    private final boolean readOnly;
    /** Told of every commit, with the rows it changed; null without a heap tier. */
    private volatile HeapTier tier;

    TransactionRunner(Path directory, Path databaseFile, StoreOptions options, ConnectionPool pool, WriteGate gate,
                      Disk disk, LiveSettings settings, SqliteErrors errors, boolean readOnly) {
        this.directory = directory;
        this.databaseFile = databaseFile;
        this.options = options;
        this.pool = pool;
        this.gate = gate;
        this.disk = disk;
        this.settings = settings;
        this.errors = errors;
        this.readOnly = readOnly;
    }

    /** The heap tier that must hear of this shard's commits (set once, after the shard opened). */
    void tier(HeapTier heapTier) {
        this.tier = heapTier;
    }

    boolean isReadOnly() {
        return readOnly;
    }

    boolean inTransaction() {
        return gate.currentTransaction() != null;
    }

    /** Runs a read on this thread's open transaction if it has one, else on a pooled connection. */
    <T> T read(Work<T> work) {
        Transaction open = gate.currentTransaction();
        if (open != null) {
            try {
                return work.run(open.connection());
            } catch (SQLException e) {
                throw errors.failure(open.connection(), e, "reading");
            }
        }
        PooledConnection connection = borrow(options.lockTimeoutMillis());
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw errors.failure(connection, e, "reading");
        } finally {
            pool.release(connection);
        }
    }

    private PooledConnection borrow(long timeoutMillis) {
        PooledConnection connection = pool.borrow(timeoutMillis);
        try {
            settings.configure(connection);
        } catch (SQLException | RuntimeException e) {
            pool.discard(connection);
            throw e instanceof SQLException sql ? errors.translate(sql, "configuring a connection") : (RuntimeException) e;
        }
        return connection;
    }

    /**
     * {@link #write(String, DbKey, TransactionWork)} for work that changes rows it cannot name (or
     * no rows, only settings): every row a heap tier keeps is dropped when it commits.
     */
    <T> T write(String newFile, TransactionWork<T> work) {
        return write(newFile, null, work);
    }

    /**
     * Runs {@code work} in a write transaction: joins this thread's open one, else begins one. A
     * value file written for this call ({@code newFile}) is removed if the write does not commit.
     * {@code key} names the one row the work writes or deletes (null: rows it cannot name).
     */
    <T> T write(String newFile, DbKey key, TransactionWork<T> work) {
        if (readOnly) {
            disk.remove(newFile);
            throw new ReadOnlyCacheException("cache directory " + directory + " is read-only: writes are refused");
        }
        Transaction open = gate.currentTransaction();
        if (open != null) {
            open.deleteOnRollback(newFile);
            if (key != NO_ROW) {
                declare(open, key);
            }
            try {
                return work.run(open);
            } catch (SQLException e) {
                throw errors.failure(open.connection(), e, "writing");
            }
        }
        while (true) {
            try {
                return writeOutermost(newFile, key, work);
            } catch (LockTimeoutException e) {
                if (!options.retry()) {
                    disk.remove(newFile);
                    throw e;
                }
            }
        }
    }

    private static void declare(Transaction transaction, DbKey key) {
        if (key == null) {
            transaction.changesUnknownRows();
        } else {
            transaction.changes(key);
        }
    }

    /** {@link #write} with no key to declare: the body of {@code Shard.transact}, whose calls declare their own. */
    <T> T writeDeclaredInside(TransactionWork<T> work) {
        return write(null, NO_ROW, work);
    }

    private <T> T writeOutermost(String newFile, DbKey key, TransactionWork<T> work) {
        long started = System.nanoTime();
        long timeoutMillis = options.lockTimeoutMillis();
        try {
            if (!gate.lock().tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new LockTimeoutException("write lock of " + databaseFile + " not obtained within "
                        + timeoutMillis + " ms (held by another thread of this process)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the write lock of " + databaseFile, e);
        }
        PooledConnection connection = null;
        Transaction transaction = null;
        boolean healthy = true;
        HeapTier committing = null;
        try {
            // One timeout for the whole wait: the in-process lock, a free connection, the SQLite lock.
            connection = borrow(Math.max(1, timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            connection.busyTimeoutMillis(Math.max(1, timeoutMillis - waited));
            begin(connection, timeoutMillis);
            transaction = new Transaction(connection);
            transaction.deleteOnRollback(newFile);
            if (key != NO_ROW) {
                declare(transaction, key);
            }
            gate.transaction(transaction);
            HeapTier heap = tier;
            // Read holding the write lock: nobody else can commit until ours is done.
            long[] before = heap == null ? null : heap.header().read();
            T result = work.run(transaction);
            if (heap != null) {
                heap.beforeCommit();
                committing = heap;
            }
            connection.execute("COMMIT");
            if (heap != null) {
                committing = null;
                heap.afterCommit(before, heap.header().read(), transaction.changedKeys(), transaction.writtenRows());
            }
            List<String> obsolete = transaction.filesToDeleteOnCommit();
            transaction = null;
            obsolete.forEach(disk::remove);
            return result;
        } catch (SQLException e) {
            throw errors.failure(connection, e, "writing");
        } finally {
            if (committing != null) {
                committing.afterRollback(); // COMMIT failed: the tier knows no more than before
            }
            gate.transaction(null);
            if (connection != null) {
                connection.fullBusyTimeout();
            }
            if (transaction != null) {
                healthy = rollback(connection);
                transaction.filesToDeleteOnRollback().forEach(disk::remove);
            }
            if (connection != null) {
                if (healthy) {
                    pool.release(connection);
                } else {
                    pool.discard(connection);
                }
            }
            gate.lock().unlock();
        }
    }

    private void begin(PooledConnection connection, long timeoutMillis) throws SQLException {
        try {
            connection.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            if (SqliteErrors.isBusy(e)) {
                throw new LockTimeoutException("write lock of " + databaseFile + " not obtained within "
                        + timeoutMillis + " ms (held by another connection or process)", e);
            }
            throw e;
        }
    }

    private static boolean rollback(PooledConnection connection) {
        try {
            connection.execute("ROLLBACK");
            return true;
        } catch (SQLException e) {
            // "no transaction is active" after SQLite already rolled back (e.g. disk full) is fine.
            return e.getMessage() != null && e.getMessage().contains("no transaction is active");
        }
    }
}
