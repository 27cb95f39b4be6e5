package io.github.jdiskcache.store;

import java.sql.SQLException;

/**
 * The settings a shard runs with now. A change ({@link Shard#reset}, or one another process made
 * and {@link Shard#setting} read) reaches the value files' {@link Disk} at once and the sqlite_*
 * PRAGMAs of each pooled connection the next time it is borrowed.
 */
final class LiveSettings {
    /** The PRAGMA version of the settings a shard was opened with, applied to its first connection. */
    static final int OPENING_PRAGMA_VERSION = 0;

    private final Disk disk;
    private volatile Settings current;
    private volatile int pragmaVersion = OPENING_PRAGMA_VERSION;

    LiveSettings(Settings opened, Disk disk) {
        this.current = opened;
        this.disk = disk;
        disk.durable(opened.synchronous() >= 2);
        disk.pickleProtocol(opened.pickleProtocol());
    }

    Settings get() {
        return current;
    }

    /** Applies the current PRAGMAs to a connection that has not seen them yet. */
    void configure(PooledConnection connection) throws SQLException {
        int version = pragmaVersion;
        if (connection.appliedPragmaVersion() != version) {
            ShardSchema.applyPragmas(connection, current);
            connection.appliedPragmaVersion(version);
        }
    }

    /** Runs with {@code updated}, in which {@code key} changed. */
    void changed(String key, Settings updated) {
        current = updated;
        if (key.startsWith("sqlite_") || Settings.SIZE_LIMIT.equals(key)) { // size_limit sizes mmap_size
            pragmaVersion++;
        }
        if (Settings.DISK_MIN_FILE_SIZE.equals(key)) {
            disk.minFileSize(updated.minFileSize());
        }
        if (Settings.SQLITE_SYNCHRONOUS.equals(key)) {
            disk.durable(updated.synchronous() >= 2);
        }
        if (Settings.DISK_PICKLE_PROTOCOL.equals(key)) {
            disk.pickleProtocol(updated.pickleProtocol());
        }
    }
}
