package io.github.jdiskcache.store;

import java.nio.file.Path;

import io.github.jdiskcache.testing.ManualClock;

/**
 * A shard's parts assembled on a real SQLite database (whose schema a {@link Shard} created), so
 * each part is tested on its own: the runner, the row store, the live settings.
 */
final class ShardParts implements AutoCloseable {
    final Path directory;
    final ManualClock clock = new ManualClock();
    final Disk disk;
    final LiveSettings settings;
    final TransactionRunner transactions;
    final RowStore rows;
    private final Shard schemaOwner;
    private final ConnectionPool pool;
    private final WriteGate gate;

    ShardParts(Path directory, boolean readOnly) {
        this.directory = directory;
        StoreOptions options = StoreOptions.defaults().withClock(clock);
        schemaOwner = Shard.open(directory, Settings.builder().set(Settings.DISK_MIN_FILE_SIZE, 64L).build(), options);
        Path databaseFile = directory.resolve(Shard.DATABASE_FILE);
        pool = new ConnectionPool(databaseFile, options.maxConnections(), options.lockTimeoutMillis(),
                readOnly ? AccessMode.READ_ONLY : AccessMode.READ_WRITE);
        gate = WriteGate.acquire(databaseFile);
        disk = new Disk(directory, options.serializer(), 64, options.permissions());
        settings = new LiveSettings(schemaOwner.settings(), disk);
        transactions = new TransactionRunner(directory, databaseFile, options, pool, gate, disk, settings,
                new SqliteErrors(databaseFile), readOnly);
        rows = new RowStore(databaseFile, disk, transactions);
    }

    double now() {
        return clock.epochSeconds();
    }

    /** Writes {@code value} under {@code key} as every write does: over the key's row, expired or not. */
    long write(DbKey key, Object value, Double expireTime) {
        StoredValue stored = disk.store(value);
        return transactions.write(stored.filename(), transaction -> RowStore.writeRow(transaction,
                rows.writeTarget(transaction.connection(), key), key, stored, now(), expireTime, null));
    }

    Row entryRow(DbKey key) {
        return transactions.read(connection -> rows.entryRow(connection, key));
    }

    @Override
    public void close() {
        pool.close();
        gate.release();
        schemaOwner.close();
    }
}
