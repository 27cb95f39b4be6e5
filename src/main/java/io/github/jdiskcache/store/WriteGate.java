package io.github.jdiskcache.store;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process side of a shard's write lock, shared by every open {@link Shard} of one database
 * in this JVM. Threads queue here instead of spinning in SQLite's sleep-and-retry busy handler,
 * and the thread that holds it owns the one open write transaction, so nested calls join it.
 */
final class WriteGate {
    private static final Map<Path, WriteGate> OPEN = new HashMap<>();

    private final Path databaseFile;
    private final ReentrantLock lock = new ReentrantLock();
    private int users;
    /** The open write transaction; read and written only by the thread holding {@link #lock}. */
    private Transaction transaction;
    /** The database's wal-index header, mapped once for every heap tier of this JVM; guarded by OPEN. */
    private WalIndexHeader walIndex;

    private WriteGate(Path databaseFile) {
        this.databaseFile = databaseFile;
    }

    static WriteGate acquire(Path databaseFile) {
        Path normalized = databaseFile.toAbsolutePath().normalize();
        synchronized (OPEN) {
            WriteGate gate = OPEN.computeIfAbsent(normalized, WriteGate::new);
            gate.users++;
            return gate;
        }
    }

    /**
     * Called after the caller's connections to the database closed: the last user closes the
     * mapped wal-index header, when no connection of this JVM can hold SQLite locks on it any more.
     */
    void release() {
        synchronized (OPEN) {
            if (--users == 0) {
                OPEN.remove(databaseFile);
                if (walIndex != null) {
                    walIndex.close();
                }
            }
        }
    }

    /** The database's wal-index header (mapped on first use), or null when it cannot be mapped. */
    WalIndexHeader walIndexHeader() {
        synchronized (OPEN) {
            if (walIndex == null) {
                walIndex = WalIndexHeader.map(Path.of(databaseFile + "-shm"));
            }
            return walIndex != null && walIndex.isMapped() ? walIndex : null;
        }
    }

    ReentrantLock lock() {
        return lock;
    }

    /** The transaction this thread has open on the database, or null. */
    Transaction currentTransaction() {
        return lock.isHeldByCurrentThread() ? transaction : null;
    }

    void transaction(Transaction transaction) {
        this.transaction = transaction;
    }
}
