package io.github.jdiskcache.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;
import org.sqlite.jdbc4.JDBC4Connection;

/**
 * A bounded set of connections to one shard's database. Connections are created on demand up to
 * the bound and then shared; no connection belongs to a thread, so thousands of (virtual) threads
 * still hold at most {@code maxConnections} file handles and page caches. A thread gets back the
 * connection it used last whenever that one is idle: a connection handed from thread to thread on
 * every read makes each read fetch SQLite's structures from another core's cache, which cost two
 * reader threads about a quarter of the CPU of each get (docs/performance.md).
 */
final class ConnectionPool implements AutoCloseable {
    private final Path databaseFile;
    private final int lockTimeoutMillis;
    private final AccessMode access;
    private final Semaphore permits;
    /** The idle connections, each in a slot of its own (null: a free slot). */
    private final AtomicReferenceArray<PooledConnection> idle;
    /** Connections counted against the bound: borrowed or idle. */
    private final AtomicInteger counted = new AtomicInteger();
    /** The connection this thread used last, tried first. */
    private final ThreadLocal<PooledConnection> lastUsed = new ThreadLocal<>();
    private final List<PooledConnection> all = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param access how connections open: read-only ones still read the WAL (SQLite creates or
     *               reads its {@code -wal} and {@code -shm} files), only {@link AccessMode#IMMUTABLE}
     *               ones skip it along with all locking
     */
    ConnectionPool(Path databaseFile, int maxConnections, int lockTimeoutMillis, AccessMode access) {
        this.databaseFile = databaseFile;
        this.lockTimeoutMillis = lockTimeoutMillis;
        this.access = access;
        this.permits = new Semaphore(maxConnections);
        this.idle = new AtomicReferenceArray<>(maxConnections);
    }

    /** A connection, waiting at most {@code timeoutMillis} for one to become free. */
    PooledConnection borrow(long timeoutMillis) {
        if (closed) {
            throw new IllegalStateException("shard " + databaseFile + " is closed");
        }
        try {
            if (!permits.tryAcquire()) {
                if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                    throw new LockTimeoutException("no connection to " + databaseFile + " became free within "
                            + timeoutMillis + " ms");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a connection to " + databaseFile, e);
        }
        PooledConnection last = lastUsed.get();
        if (last != null && last.idleSlot() >= 0 && idle.compareAndSet(last.idleSlot(), last, null)) {
            return last;
        }
        PooledConnection connection;
        try {
            connection = takeAnyOrOpen();
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
        lastUsed.set(connection);
        return connection;
    }

    /**
     * An idle connection, or a new one while fewer than the bound exist. Holding a permit, one of
     * the two is always there; a scan that raced with others and found neither looks again.
     */
    private PooledConnection takeAnyOrOpen() {
        while (true) {
            for (int slot = 0; slot < idle.length(); slot++) {
                PooledConnection found = idle.get(slot);
                if (found != null && idle.compareAndSet(slot, found, null)) {
                    return found;
                }
            }
            int count = counted.get();
            if (count < idle.length() && counted.compareAndSet(count, count + 1)) {
                try {
                    return open();
                } catch (RuntimeException e) {
                    counted.decrementAndGet();
                    throw e;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** Returns a connection for reuse, or discards it if an error left it {@link PooledConnection#isBroken broken}. */
    void release(PooledConnection connection) {
        if (connection.isBroken()) {
            discard(connection);
            return;
        }
        int home = connection.idleSlot();
        if (home < 0 || !idle.compareAndSet(home, null, connection)) {
            // Another connection took its slot meanwhile; a free one exists: at most the bound of connections are counted.
            int slot = 0;
            while (!idle.compareAndSet(slot, null, connection)) {
                slot = (slot + 1) % idle.length();
            }
            connection.idleSlot(slot);
        }
        permits.release();
    }

    /** Drops a connection that is in an unknown state (e.g. after a failed rollback). */
    void discard(PooledConnection connection) {
        synchronized (all) {
            all.remove(connection);
        }
        counted.decrementAndGet();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Already broken; the point is to stop using it.
        }
        permits.release();
    }

    /**
     * A connection outside the pool's count, open until the pool closes, for a part that needs the
     * database kept open by this process whatever the pool does (see {@link WalIndexHeader}).
     */
    PooledConnection openHeld() {
        return open();
    }

    private PooledConnection open() {
        SQLiteConfig config = new SQLiteConfig();
        // A pooled connection is used by one thread at a time, so SQLite's own mutex is pure cost.
        config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        config.setBusyTimeout(lockTimeoutMillis);
        String url = "jdbc:sqlite:" + databaseFile;
        if (access.isReadOnly()) {
            config.setReadOnly(true);
        }
        if (access == AccessMode.IMMUTABLE) {
            config.setOpenMode(SQLiteOpenMode.OPEN_URI);
            url = "jdbc:sqlite:" + databaseFile.toUri() + "?immutable=1";
        }
        try {
            // Not through org.sqlite.JDBC (which config.createConnection takes): loading it registers
            // the driver with DriverManager, a cost of every cold start that a pool never uses.
            SQLiteConnection connection = new JDBC4Connection(url, url.substring("jdbc:sqlite:".length()),
                    config.toProperties());
            PooledConnection pooled = new PooledConnection(connection, lockTimeoutMillis);
            synchronized (all) {
                if (closed) {
                    pooled.close();
                    throw new IllegalStateException("shard " + databaseFile + " is closed");
                }
                all.add(pooled);
            }
            return pooled;
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + databaseFile + ": " + e.getMessage(), e);
        }
    }

    /** Connections open now, borrowed or idle (for tests of this package). */
    int openConnections() {
        synchronized (all) {
            return all.size();
        }
    }

    @Override
    public void close() {
        closed = true;
        List<PooledConnection> toClose;
        synchronized (all) {
            toClose = new ArrayList<>(all);
            all.clear();
        }
        for (int slot = 0; slot < idle.length(); slot++) {
            idle.set(slot, null);
        }
        for (PooledConnection connection : toClose) {
            try {
                connection.close();
            } catch (SQLException e) {
                System.getLogger(ConnectionPool.class.getName())
                        .log(System.Logger.Level.WARNING, "closing a connection to " + databaseFile + " failed", e);
            }
        }
    }
}
