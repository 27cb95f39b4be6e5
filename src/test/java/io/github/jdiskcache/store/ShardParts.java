package io.github.jdiskcache.store;

import java.nio.file.Path;

import io.github.jdiskcache.testing.ManualClock;

/**
 * A shard's parts assembled on a real SQLite database (whose schema a {@link Shard} created), so
 * each part is tested on its own: the runner, the row store, the live settings, the culler, the
 * single-key operations, the queue, the key pages and the check.
 */
final class ShardParts implements AutoCloseable {
    /** Values of 64 bytes and more go to files, so small tests make value files. */
    static final long MIN_FILE_SIZE = 64;

    final Path directory;
    final ManualClock clock = new ManualClock();
    final Disk disk;
    final LiveSettings settings;
    final TransactionRunner transactions;
    final RowStore rows;
    final Culler culler;
    final EntryOperations entries;
    final ShardQueue queue;
    final KeyPages keyPages;
    final ShardCheck check;
    private final Shard schemaOwner;
    private final ConnectionPool pool;
    private final WriteGate gate;

    ShardParts(Path directory, boolean readOnly) {
        this(directory, readOnly, settings().build());
    }

    /** {@code settings} should come from {@link #settings()}, so that the files the parts write are expected. */
    ShardParts(Path directory, boolean readOnly, Settings explicit) {
        this.directory = directory;
        StoreOptions options = StoreOptions.defaults().withClock(clock);
        schemaOwner = Shard.open(directory, explicit, options);
        Path databaseFile = directory.resolve(Shard.DATABASE_FILE);
        pool = new ConnectionPool(databaseFile, options.maxConnections(), options.lockTimeoutMillis(),
                readOnly ? AccessMode.READ_ONLY : AccessMode.READ_WRITE);
        gate = WriteGate.acquire(databaseFile);
        disk = new Disk(directory, options.serializer(), MIN_FILE_SIZE, options.permissions(),
                options.picklePlainValues());
        settings = new LiveSettings(schemaOwner.settings(), disk);
        SqliteErrors errors = new SqliteErrors(databaseFile);
        transactions = new TransactionRunner(directory, databaseFile, options, pool, gate, disk, settings,
                errors, readOnly);
        rows = new RowStore(databaseFile, disk, transactions);
        long pageSize = transactions.read(connection -> Sql.queryLong(connection.prepare("PRAGMA page_size")));
        culler = new Culler(transactions, settings, pageSize);
        entries = new EntryOperations(directory, disk, settings, transactions, rows, culler, this::now, null);
        queue = new ShardQueue(transactions, rows, culler, disk, this::now);
        keyPages = new KeyPages(databaseFile, transactions, disk, this::now);
        check = new ShardCheck(directory, databaseFile, options, transactions, errors);
    }

    /** Settings with this assembly's small file threshold; add what a test needs. */
    static Settings.Builder settings() {
        return Settings.builder().set(Settings.DISK_MIN_FILE_SIZE, MIN_FILE_SIZE);
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

    /** Rows in the shard, by the counter the triggers keep. */
    long size() {
        return transactions.read(connection -> ShardSchema.readCounter(connection, "count"));
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
