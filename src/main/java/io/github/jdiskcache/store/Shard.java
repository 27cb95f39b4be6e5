package io.github.jdiskcache.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.sqlite.SQLiteException;

/**
 * One SQLite shard: Python diskcache's {@code Cache}, a directory holding {@code cache.db} and the
 * files of large values. Every write is one {@code BEGIN IMMEDIATE} transaction, so each operation
 * is atomic across threads and processes; reads outside a transaction never block (WAL).
 *
 * <p>Thread-safe. Keys are String, byte[], Long, Double (stored natively, shared with Python) or
 * any type the {@link Serializer} handles; values likewise. Times are epoch seconds.
 */
public final class Shard implements AutoCloseable {
    public static final String DATABASE_FILE = "cache.db";
    /** Prefix of the warnings {@link #check} gives for SQLite integrity errors. */
    public static final String INTEGRITY_WARNING = "integrity: ";
    /** Named so that diskcache's check() (which skips paths containing "cache.db") ignores it. */
    static final String INIT_LOCK_FILE = "cache.db.jdiskcache-init.lock";
    /** Rows per batch of expire/evict/clear: long enough to be efficient, short enough to let writers in. */
    private static final int BATCH = 100;
    private static final System.Logger LOG = System.getLogger(Shard.class.getName());
    /** Primary SQLite result codes this class tells apart. */
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    private static final String LIVE = " AND " + Liveness.SQL;
    /**
     * Reads start with the fewest columns (sqlite-jdbc fetches every column's name again on each
     * query, ~15% of a get): an inline value needs only itself and its mode; a NULL value means a
     * value file, and the row is read again with the file's name and size.
     */
    private static final String SELECT_INLINE_VALUE = "SELECT value, mode FROM Cache WHERE key = ? AND raw = ?" + LIVE;
    private static final String SELECT_ANY_INLINE =
            "SELECT value, mode, expire_time, tag FROM Cache WHERE key = ? AND raw = ?";
    private static final String SELECT_VALUE =
            "SELECT mode, filename, value, size FROM Cache WHERE key = ? AND raw = ?" + LIVE;
    private static final String SELECT_ENTRY =
            "SELECT rowid, expire_time, tag, mode, filename, value, size FROM Cache WHERE key = ? AND raw = ?" + LIVE;
    private static final String SELECT_ANY_ENTRY =
            "SELECT expire_time, tag, mode, filename, value, size FROM Cache WHERE key = ? AND raw = ?";
    private static final String SELECT_FOR_COMPUTE =
            "SELECT rowid, expire_time, tag, mode, filename, value, size FROM Cache WHERE key = ? AND raw = ?";
    private static final String DELETE_DAMAGED = "DELETE FROM Cache WHERE key = ? AND raw = ? AND mode = ?"
            + " AND filename IS ? AND value IS ?";
    private static final String SELECT_LIVE_MODE = "SELECT mode FROM Cache WHERE key = ? AND raw = ?" + LIVE;
    private static final String SELECT_ROW =
            "SELECT rowid, filename, expire_time, mode, value FROM Cache WHERE key = ? AND raw = ?";
    private static final String UPDATE_ROW = "UPDATE Cache SET store_time = ?, expire_time = ?, access_time = ?,"
            + " access_count = 0, tag = ?, size = ?, mode = ?, filename = ?, value = ? WHERE rowid = ?";
    /** Leaving an unchanged expire_time out spares SQLite an expire-index update per write (~25% of a put). */
    private static final String UPDATE_ROW_SAME_EXPIRY = "UPDATE Cache SET store_time = ?, access_time = ?,"
            + " access_count = 0, tag = ?, size = ?, mode = ?, filename = ?, value = ? WHERE rowid = ?";
    private static final String INSERT_ROW = "INSERT INTO Cache(key, raw, store_time, expire_time, access_time,"
            + " access_count, tag, size, mode, filename, value) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) RETURNING rowid";
    private static final String DELETE_ROWID = "DELETE FROM Cache WHERE rowid = ?";
    private static final String DELETE_KEY = "DELETE FROM Cache WHERE key = ? AND raw = ? RETURNING expire_time, filename";
    private static final String TOUCH = "UPDATE Cache SET expire_time = ? WHERE key = ? AND raw = ?" + LIVE;
    private static final String VOLUME = "SELECT (SELECT page_count FROM pragma_page_count()) * ?"
            + " + (SELECT value FROM Settings WHERE key = 'size')";
    private static final String SELECT_SETTING = "SELECT value FROM Settings WHERE key = ?";
    private static final String WRITE_SETTING = "INSERT OR REPLACE INTO Settings VALUES (?, ?)";
    /** A plain SELECT first: a DELETE costs ~3x as much even when it finds nothing, and usually nothing has expired. */
    private static final String CULL_CHECK = "SELECT (SELECT rowid FROM Cache WHERE expire_time IS NOT NULL"
            + " AND expire_time < ? AND rowid != ? LIMIT 1), (SELECT page_count FROM pragma_page_count()) * ?"
            + " + (SELECT value FROM Settings WHERE key = 'size')";
    private static final String SELECT_EXPIRED = "SELECT rowid, filename FROM Cache"
            + " WHERE expire_time IS NOT NULL AND expire_time < ? AND rowid != ? ORDER BY expire_time LIMIT ?";

    private final Path directory;
    private final Path databaseFile;
    private final StoreOptions options;
    private final ConnectionPool pool;
    private final WriteGate gate;
    private final Disk disk;
    private final long pageSize;
    private final LongAdder evictions = new LongAdder();
    private final LongAdder damagedEntries = new LongAdder();
    private final LongAdder unreadableReads = new LongAdder();
    /** Causes of unreadable values already logged: each is logged once, not on every read. */
    private final Set<String> loggedUnreadable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Settings settings;
    private volatile int pragmaVersion;
    private volatile boolean closed;
    private final boolean readOnly;

    private Shard(Path directory, Settings explicit, StoreOptions options, AccessMode access) {
        this.directory = directory;
        this.databaseFile = directory.resolve(DATABASE_FILE);
        this.options = options;
        this.readOnly = access.isReadOnly();
        this.pool = new ConnectionPool(databaseFile, options.maxConnections(), options.lockTimeoutMillis(), access);
        this.gate = WriteGate.acquire(databaseFile);
        try {
            this.settings = readOnly ? initializeReadOnly(explicit)
                    : InitLock.holding(directory.resolve(INIT_LOCK_FILE), options.permissions(),
                            () -> initialize(explicit));
            this.disk = new Disk(directory, options.serializer(), settings.minFileSize(), options.permissions());
            disk.durable(settings.synchronous() >= 2);
            this.pageSize = read(connection -> queryLong(connection.prepare("PRAGMA page_size")));
        } catch (RuntimeException e) {
            pool.close();
            gate.release();
            throw e;
        }
    }

    /** Opens (creating if needed) the shard in {@code directory} with its persisted settings. */
    public static Shard open(Path directory) {
        return open(directory, Settings.none(), StoreOptions.defaults());
    }

    /**
     * Opens the shard; {@code explicit} settings override the persisted ones and are persisted
     * (read-only: they apply to this instance only).
     */
    public static Shard open(Path directory, Settings explicit, StoreOptions options) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(explicit, "settings");
        Objects.requireNonNull(options, "options");
        AccessMode access = effectiveAccess(directory, options);
        if (access.isReadOnly()) {
            if (!Files.isRegularFile(directory.resolve(DATABASE_FILE))) {
                throw new ReadOnlyCacheException("cache directory " + directory + " holds no cache, and opened read-only"
                        + " it cannot create one");
            }
            return new Shard(directory, explicit, options, access);
        }
        try {
            options.permissions().createDirectories(directory);
            Path database = directory.resolve(DATABASE_FILE);
            if (!Files.exists(database)) {
                // SQLite gives the WAL and shared-memory files the permissions of the database file.
                options.permissions().createFile(database);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // Another opener created the database file first: fine.
        } catch (IOException e) {
            throw new StoreException("cache directory " + directory + " does not exist and could not be created", e);
        }
        return new Shard(directory, explicit, options, AccessMode.READ_WRITE);
    }

    /** The options' access, downgraded to read-only for a folder this process may read but not write. */
    static AccessMode effectiveAccess(Path directory, StoreOptions options) {
        if (options.access() == AccessMode.READ_WRITE && Files.isDirectory(directory) && !Files.isWritable(directory)) {
            return AccessMode.READ_ONLY;
        }
        return options.access();
    }

    /**
     * True when the shard was opened read-only (asked for, or a folder this process cannot write);
     * every write then fails with {@link ReadOnlyCacheException}.
     */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** Settings as persisted (explicit ones apply to this instance only: nothing can be written). */
    private Settings initializeReadOnly(Settings explicit) {
        PooledConnection connection = pool.borrow(options.lockTimeoutMillis());
        try {
            Map<String, Object> persisted = readAllSettings(connection);
            if (persisted.isEmpty()) {
                throw new ReadOnlyCacheException("cache " + databaseFile + " holds no committed settings (its creator"
                        + " stopped before the first commit); opened read-only, it cannot be initialized");
            }
            Settings effective = explicit.mergedOver(persisted);
            applyPragmas(connection, effective);
            connection.appliedPragmaVersion(pragmaVersion);
            return effective;
        } catch (SQLException e) {
            StoreException failure = failure(connection, e, "opening read-only");
            throw primaryResultCode(e) == SQLITE_CANTOPEN ? withoutWalFiles(failure) : failure;
        } finally {
            pool.release(connection);
        }
    }

    /**
     * Explains SQLite's "unable to open" for a read-only WAL database: a reader needs the
     * {@code -wal} and {@code -shm} files to see what other processes commit, and cannot create
     * them in a folder it may not write. Serving the database file alone could return stale values.
     */
    private StoreException withoutWalFiles(StoreException failure) {
        List<String> missing = new ArrayList<>();
        for (String suffix : List.of("-wal", "-shm")) {
            if (!Files.exists(databaseFile.resolveSibling(DATABASE_FILE + suffix))) {
                missing.add(DATABASE_FILE + suffix);
            }
        }
        if (missing.isEmpty()) {
            return failure;
        }
        return new ReadOnlyCacheException("cannot read " + databaseFile + " read-only: "
                + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " missing, and this process"
                + " may not create " + (missing.size() == 1 ? "it" : "them") + " in " + directory + "; without them"
                + " SQLite cannot see what other processes commit. Give this process write access to the folder, or,"
                + " if nothing writes this cache while it is read (read-only media), open it immutable (manager"
                + " property immutable=true, CLI option --immutable, AccessMode.IMMUTABLE)", failure);
    }

    public Path directory() {
        return directory;
    }

    public Settings settings() {
        return settings;
    }

    public StoreOptions options() {
        return options;
    }

    /**
     * Entries found damaged for every reader (value file missing or of the wrong size, bytes that are
     * no serialization stream) and removed since this shard was opened, in this process. Each was
     * read as a miss and logged.
     */
    public long damagedEntryCount() {
        return damagedEntries.sum();
    }

    /**
     * Reads, since this shard was opened in this process, that met a value this process cannot read
     * (a class it lacks or that changed, a class its filter refuses, a Python pickle) and answered
     * a miss. Such values stay on disk for the readers that can read them; each cause is logged once.
     */
    public long unreadableReadCount() {
        return unreadableReads.sum();
    }

    /** Entries removed to respect the size limit since this shard was opened (in this process). */
    public long evictionCount() {
        return evictions.sum();
    }

    // ---------------------------------------------------------------- opening

    private Settings initialize(Settings explicit) {
        PooledConnection connection = pool.borrow(options.lockTimeoutMillis());
        try {
            Map<String, Object> persisted = readAllSettings(connection);
            Settings effective = explicit.mergedOver(persisted);
            effective.evictionPolicy(); // validates a persisted policy name before anything is written
            if (persisted.isEmpty()) {
                // auto_vacuum and journal_mode belong to the database file and only take effect
                // before the first table exists; later they would only take the write lock.
                applyDatabasePragmas(connection, effective);
            }
            Map<String, String> schema = readSchema(connection);
            List<String> statements = schemaStatements(effective, schema);
            Map<String, Object> changed = new HashMap<>();
            effective.asMap().forEach((key, value) -> {
                if (!sameValue(persisted.get(key), value)) {
                    changed.put(key, value);
                }
            });
            boolean metadataMissing = false;
            for (String key : Settings.METADATA) {
                metadataMissing |= !persisted.containsKey(key);
            }
            if (!statements.isEmpty() || !changed.isEmpty() || metadataMissing) {
                connection.busyTimeoutMillis(options.lockTimeoutMillis());
                runInitTransaction(connection, statements, changed);
            }
            applyPragmas(connection, effective);
            connection.appliedPragmaVersion(pragmaVersion);
            return effective;
        } catch (SQLException e) {
            throw failure(connection, e, "opening");
        } finally {
            pool.release(connection);
        }
    }

    private void runInitTransaction(PooledConnection connection, List<String> statements,
                                    Map<String, Object> changed) throws SQLException {
        connection.execute("BEGIN IMMEDIATE");
        boolean committed = false;
        try {
            connection.execute(ShardSchema.SETTINGS_TABLE);
            PreparedStatement write = connection.prepare(WRITE_SETTING);
            for (Map.Entry<String, Object> setting : changed.entrySet()) {
                write.setString(1, setting.getKey());
                bind(write, 2, setting.getValue());
                write.executeUpdate();
            }
            for (String key : Settings.METADATA) {
                PreparedStatement insert = connection.prepare("INSERT OR IGNORE INTO Settings VALUES (?, 0)");
                insert.setString(1, key);
                insert.executeUpdate();
            }
            for (String statement : statements) {
                connection.jdbc().createStatement().execute(statement);
            }
            connection.execute("COMMIT");
            committed = true;
        } finally {
            if (!committed) {
                connection.execute("ROLLBACK");
            }
        }
    }

    private static Map<String, Object> readAllSettings(PooledConnection connection) throws SQLException {
        Map<String, Object> values = new HashMap<>();
        try (ResultSet tables = connection.jdbc().createStatement()
                .executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Settings'")) {
            if (!tables.next()) {
                return values;
            }
        }
        try (ResultSet rows = connection.jdbc().createStatement().executeQuery("SELECT key, value FROM Settings")) {
            while (rows.next()) {
                values.put(rows.getString(1), Disk.normalize(rows.getObject(2)));
            }
        }
        return values;
    }

    /** Schema object name → its SQL, for every table, index and trigger. */
    private static Map<String, String> readSchema(PooledConnection connection) throws SQLException {
        Map<String, String> schema = new HashMap<>();
        try (ResultSet rows = connection.jdbc().createStatement().executeQuery(
                "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index', 'trigger')")) {
            while (rows.next()) {
                schema.put(rows.getString(1), rows.getString(2));
            }
        }
        return schema;
    }

    /** The DDL still needed to bring the database to the schema these settings ask for. */
    private static List<String> schemaStatements(Settings effective, Map<String, String> schema) {
        List<String> statements = new ArrayList<>();
        if (!schema.containsKey("Cache")) {
            statements.add(ShardSchema.CACHE_TABLE);
        }
        ShardSchema.INDEXES.forEach((name, sql) -> {
            if (!schema.containsKey(name)) {
                statements.add(sql);
            }
        });
        EvictionPolicy policy = effective.evictionPolicy();
        if (policy.indexName() != null && !schema.containsKey(policy.indexName())) {
            statements.add(ShardSchema.createPolicyIndex(policy));
        }
        ShardSchema.TRIGGERS.forEach((name, sql) -> {
            String existing = schema.get(name);
            if (existing != null && existing.contains("\"")) {
                statements.add("DROP TRIGGER " + name);
                statements.add(sql);
            } else if (existing == null) {
                statements.add(sql);
            }
        });
        if (effective.tagIndex() && !schema.containsKey(ShardSchema.TAG_INDEX)) {
            statements.add(ShardSchema.CREATE_TAG_INDEX);
        } else if (!effective.tagIndex() && schema.containsKey(ShardSchema.TAG_INDEX)) {
            statements.add(ShardSchema.DROP_TAG_INDEX);
        }
        return statements;
    }

    private static boolean sameValue(Object persisted, Object wanted) {
        if (persisted instanceof Number a && wanted instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return Objects.equals(persisted, wanted);
    }

    /** Per-connection PRAGMAs from the sqlite_* settings, applied to every connection the pool opens. */
    /**
     * The per-connection PRAGMAs from the {@code sqlite_*} settings (cache_size, mmap_size,
     * synchronous, ...), applied to every connection the pool opens. The database-wide ones
     * (journal_mode, auto_vacuum) are not: on an existing database, {@code PRAGMA auto_vacuum = 1}
     * takes the write lock, so a new connection would wait for another process's writer.
     */
    private void applyPragmas(PooledConnection connection, Settings settings) throws SQLException {
        for (Map.Entry<String, Object> setting : settings.asMap().entrySet()) {
            String key = setting.getKey();
            if (key.startsWith("sqlite_") && !isDatabasePragma(key)) {
                pragma(connection, key, setting.getValue());
            }
        }
    }

    /** journal_mode and auto_vacuum, for a database that has no table yet. */
    private static void applyDatabasePragmas(PooledConnection connection, Settings settings) throws SQLException {
        for (Map.Entry<String, Object> setting : settings.asMap().entrySet()) {
            if (isDatabasePragma(setting.getKey())) {
                pragma(connection, setting.getKey(), setting.getValue());
            }
        }
    }

    private static boolean isDatabasePragma(String key) {
        return key.equals(Settings.SQLITE_JOURNAL_MODE) || key.equals(Settings.SQLITE_AUTO_VACUUM);
    }

    private static void pragma(PooledConnection connection, String key, Object value) throws SQLException {
        String pragma = key.substring("sqlite_".length());
        if (!pragma.matches("[a-z_]+") || !String.valueOf(value).matches("[A-Za-z0-9_-]+")) {
            throw new StoreException("refusing suspicious PRAGMA setting " + key + "=" + value);
        }
        try (var statement = connection.jdbc().createStatement()) {
            statement.execute("PRAGMA " + pragma + " = " + value);
        }
    }

    // ---------------------------------------------------------------- reads and writes plumbing

    @FunctionalInterface
    private interface Work<T> {
        T run(PooledConnection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface TransactionWork<T> {
        T run(Transaction transaction) throws SQLException;
    }

    /** Runs a read on this thread's open transaction if it has one, else on a pooled connection. */
    private <T> T read(Work<T> work) {
        Transaction open = gate.currentTransaction();
        if (open != null) {
            try {
                return work.run(open.connection());
            } catch (SQLException e) {
                throw failure(open.connection(), e, "reading");
            }
        }
        PooledConnection connection = borrow();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(connection, e, "reading");
        } finally {
            pool.release(connection);
        }
    }

    private PooledConnection borrow() {
        return borrow(options.lockTimeoutMillis());
    }

    private PooledConnection borrow(long timeoutMillis) {
        PooledConnection connection = pool.borrow(timeoutMillis);
        if (connection.appliedPragmaVersion() != pragmaVersion) {
            try {
                applyPragmas(connection, settings);
                connection.appliedPragmaVersion(pragmaVersion);
            } catch (SQLException | RuntimeException e) {
                pool.discard(connection);
                throw e instanceof SQLException sql ? translate(sql, "configuring a connection") : (RuntimeException) e;
            }
        }
        return connection;
    }

    /**
     * Runs {@code work} in a write transaction: joins this thread's open one, else begins one. A
     * value file written for this call ({@code newFile}) is removed if the write does not commit.
     */
    private <T> T write(String newFile, TransactionWork<T> work) {
        if (readOnly) {
            disk.remove(newFile);
            throw new ReadOnlyCacheException("cache directory " + directory + " is read-only: writes are refused");
        }
        Transaction open = gate.currentTransaction();
        if (open != null) {
            open.deleteOnRollback(newFile);
            try {
                return work.run(open);
            } catch (SQLException e) {
                throw failure(open.connection(), e, "writing");
            }
        }
        while (true) {
            try {
                return writeOutermost(newFile, work);
            } catch (LockTimeoutException e) {
                if (!options.retry()) {
                    disk.remove(newFile);
                    throw e;
                }
            }
        }
    }

    private <T> T writeOutermost(String newFile, TransactionWork<T> work) {
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
        try {
            // One timeout for the whole wait: the in-process lock, a free connection, the SQLite lock.
            connection = borrow(Math.max(1, timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            connection.busyTimeoutMillis(Math.max(1, timeoutMillis - waited));
            begin(connection, timeoutMillis);
            transaction = new Transaction(connection);
            transaction.deleteOnRollback(newFile);
            gate.transaction(transaction);
            T result = work.run(transaction);
            connection.execute("COMMIT");
            List<String> obsolete = transaction.filesToDeleteOnCommit();
            transaction = null;
            obsolete.forEach(disk::remove);
            return result;
        } catch (SQLException e) {
            throw failure(connection, e, "writing");
        } finally {
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
            if (isBusy(e)) {
                throw new LockTimeoutException("write lock of " + databaseFile + " not obtained within "
                        + timeoutMillis + " ms (held by another connection or process)", e);
            }
            throw e;
        }
    }

    private boolean rollback(PooledConnection connection) {
        try {
            connection.execute("ROLLBACK");
            return true;
        } catch (SQLException e) {
            // "no transaction is active" after SQLite already rolled back (e.g. disk full) is fine.
            return e.getMessage() != null && e.getMessage().contains("no transaction is active");
        }
    }

    private static boolean isBusy(SQLException e) {
        int primary = primaryResultCode(e);
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    }

    private static int primaryResultCode(SQLException e) {
        int code = e instanceof SQLiteException sqlite ? sqlite.getResultCode().code : e.getErrorCode();
        return code & 0xFF;
    }

    /**
     * Translates an error met on {@code connection} and marks the connection broken, so the pool
     * closes it instead of handing it out again: only a busy database leaves a connection as it was.
     */
    private StoreException failure(PooledConnection connection, SQLException e, String doing) {
        if (!isBusy(e)) {
            connection.markBroken();
        }
        return translate(e, doing);
    }

    private StoreException translate(SQLException e, String doing) {
        if (isBusy(e)) {
            return new LockTimeoutException("database " + databaseFile + " is locked (" + doing + "): " + e.getMessage(), e);
        }
        int primary = primaryResultCode(e);
        if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
            return new BrokenShardException("database " + databaseFile + " is corrupt (" + doing + "): " + e.getMessage()
                    + "; entries on undamaged pages may still read. Repair it with check(true), on the command line"
                    + " 'jdiskcache check <cache directory> --fix', which moves the damaged database aside and"
                    + " restarts this shard empty", e);
        }
        return new StoreException(doing + " " + databaseFile + " failed: " + e.getMessage(), e);
    }

    /** The store clock's current time in epoch seconds, the unit of every expire time. */
    public double now() {
        Instant instant = options.clock().instant();
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    // ---------------------------------------------------------------- transactions

    /**
     * Runs {@code body} holding this shard's write lock in one SQLite transaction: every operation
     * on this shard inside it, from this thread, is part of it, and it commits or rolls back as a
     * whole. Nestable; a transaction belongs to one thread.
     */
    public <T> T transact(Supplier<T> body) {
        Objects.requireNonNull(body, "body");
        return write(null, transaction -> body.get());
    }

    public boolean inTransaction() {
        return gate.currentTransaction() != null;
    }

    // ---------------------------------------------------------------- single-key operations

    public Object get(Object key) {
        DbKey encoded = encoded(key);
        // Read-only, a read records nothing: counting it would be a write that must fail.
        StoredEntry entry = !readOnly && (settings.statistics() || settings.evictionPolicy().readUpdatesRow())
                ? getCounted(encoded) : getQuiet(encoded);
        return entry == null ? null : entry.value();
    }

    /** The live entry with its expiry time and tag, or null. */
    public StoredEntry getEntry(Object key) {
        DbKey encoded = encoded(key);
        double now = now();
        return readHealing(encoded, damage -> read(connection -> {
            PreparedStatement select = connection.prepare(SELECT_ENTRY);
            bindKey(select, encoded, now);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                Double expireTime = nullableDouble(row, 2);
                Object tag = Disk.normalize(row.getObject(3));
                Object value = decode(ValueCell.at(row, 4), damage);
                return value == null ? null : new StoredEntry(encoded.original(), value, expireTime, tag);
            }
        }));
    }

    /**
     * Like {@link #lookup}, for a caller that uses the value: a live entry's read is recorded
     * for the eviction policies that rank by reads (LRU's access time, LFU's count), unless read-only.
     */
    public StoredEntry use(Object key) {
        DbKey encoded = encoded(key);
        StoredEntry entry = lookup(encoded);
        EvictionPolicy policy = settings.evictionPolicy();
        double now = now();
        if (!readOnly && entry != null && policy.readUpdatesRow()
                && Liveness.isLive(entry.expireTime(), now)) {
            write(null, transaction -> {
                PreparedStatement update = transaction.connection().prepare(
                        "UPDATE Cache SET " + policy.readUpdate() + " WHERE key = ? AND raw = ?");
                int index = 1;
                if (policy.readUpdateTakesTime()) {
                    update.setDouble(index++, now);
                }
                bind(update, index++, encoded.sqlValue());
                update.setInt(index, encoded.raw());
                return update.executeUpdate();
            });
        }
        return entry;
    }

    /**
     * The entry under {@code key} whether or not it has expired (compare its expire time with
     * {@link #now()}), or null. Never counts statistics or updates access columns.
     */
    public StoredEntry lookup(Object key) {
        DbKey encoded = encoded(key);
        return readHealing(encoded, damage -> read(connection -> {
            PreparedStatement select = connection.prepare(SELECT_ANY_INLINE);
            bind(select, 1, encoded.sqlValue());
            select.setInt(2, encoded.raw());
            ValueCell cell;
            Double expireTime;
            Object tag;
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                Object inline = row.getObject(1);
                if (inline == null) {
                    return lookupFileBacked(connection, encoded, encoded.original(), damage);
                }
                cell = new ValueCell(row.getInt(2), null, inline, 0);
                expireTime = nullableDouble(row, 3);
                tag = Disk.normalize(row.getObject(4));
            }
            return entry(encoded.original(), cell, expireTime, tag, damage);
        }));
    }

    /** The full row, for a value kept in a file (its name and size are needed too). */
    private StoredEntry lookupFileBacked(PooledConnection connection, DbKey key, Object originalKey,
                                         List<Damage> damage) throws SQLException {
        PreparedStatement select = connection.prepare(SELECT_ANY_ENTRY);
        bind(select, 1, key.sqlValue());
        select.setInt(2, key.raw());
        ValueCell cell;
        Double expireTime;
        Object tag;
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            expireTime = nullableDouble(row, 1);
            tag = Disk.normalize(row.getObject(2));
            cell = ValueCell.at(row, 3);
        }
        return entry(originalKey, cell, expireTime, tag, damage);
    }

    /** The entry a row describes, or null when its value turns out damaged. */
    private StoredEntry entry(Object key, ValueCell cell, Double expireTime, Object tag, List<Damage> damage) {
        Object value = decode(cell, damage);
        return value == null ? null : new StoredEntry(key, value, expireTime, tag);
    }

    private StoredEntry getQuiet(DbKey key) {
        double now = now();
        return readHealing(key, damage -> read(connection -> {
            PreparedStatement select = connection.prepare(SELECT_INLINE_VALUE);
            bindKey(select, key, now);
            ValueCell cell;
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                Object inline = row.getObject(1);
                cell = inline == null ? null : new ValueCell(row.getInt(2), null, inline, 0);
            }
            if (cell == null) {
                // A file-backed value: read the row again with its file's name and size.
                PreparedStatement full = connection.prepare(SELECT_VALUE);
                bindKey(full, key, now);
                try (ResultSet row = full.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    cell = ValueCell.at(row, 1);
                }
            }
            Object value = decode(cell, damage);
            return value == null ? null : new StoredEntry(null, value, null, null);
        }));
    }

    /** A read that must write: hit/miss counters or the eviction policy's access column. */
    private StoredEntry getCounted(DbKey key) {
        double now = now();
        Settings current = settings;
        EvictionPolicy policy = current.evictionPolicy();
        return write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            PreparedStatement select = connection.prepare(SELECT_ENTRY);
            bindKey(select, key, now);
            long rowid;
            ValueCell cell;
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    cell = null;
                    rowid = -1;
                } else {
                    rowid = row.getLong(1);
                    cell = ValueCell.at(row, 4);
                }
            }
            List<Damage> damage = new ArrayList<>();
            Object value = cell == null ? null : decode(cell, damage);
            for (Damage damaged : damage) {
                removeDamaged(transaction, key, damaged);
            }
            if (current.statistics()) {
                PreparedStatement count = connection.prepare(
                        "UPDATE Settings SET value = value + 1 WHERE key = ?");
                count.setString(1, value == null ? "misses" : "hits");
                count.executeUpdate();
            }
            if (value != null && policy.readUpdatesRow()) {
                PreparedStatement update = connection.prepare(
                        "UPDATE Cache SET " + policy.readUpdate() + " WHERE rowid = ?");
                int index = 1;
                if (policy.readUpdateTakesTime()) {
                    update.setDouble(index++, now);
                }
                update.setLong(index, rowid);
                update.executeUpdate();
            }
            return value == null ? null : new StoredEntry(null, value, null, null);
        });
    }

    /**
     * Opens the value as a stream; values kept in files are streamed from disk, not loaded whole.
     * Returns null on a miss.
     */
    public InputStream openStream(Object key) {
        DbKey encoded = encoded(key);
        double now = now();
        return readHealing(encoded, damage -> read(connection -> {
            PreparedStatement select = connection.prepare(SELECT_VALUE);
            bindKey(select, encoded, now);
            ValueCell cell;
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                cell = ValueCell.at(row, 1);
            }
            try {
                InputStream file = disk.openFile(cell.mode(), cell.filename());
                if (file != null) {
                    return file;
                }
            } catch (NoSuchFileException e) {
                damage.add(new Damage(cell, "value file " + e.getFile() + " is missing"));
                return null;
            } catch (DamagedValueException e) {
                damage.add(new Damage(cell, e.getMessage()));
                return null;
            }
            Object value = decode(cell, damage);
            return value == null ? null : Disk.asStream(value);
        }));
    }

    /**
     * Whether a live entry exists whose value this process can read. Native values (text, bytes,
     * numbers) need no decoding; a serialized object is deserialized to know, and a Python pickle
     * or an object this process cannot read is not contained, as {@link #get} would miss it.
     */
    public boolean contains(Object key) {
        DbKey encoded = encoded(key);
        double now = now();
        return readHealing(encoded, damage -> read(connection -> {
            PreparedStatement select = connection.prepare(SELECT_LIVE_MODE);
            bindKey(select, encoded, now);
            int mode;
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                mode = row.getInt(1);
            }
            if (mode == ValueMode.RAW || mode == ValueMode.BINARY || mode == ValueMode.TEXT) {
                return true;
            }
            PreparedStatement full = connection.prepare(SELECT_VALUE);
            bindKey(full, encoded, now);
            try (ResultSet row = full.executeQuery()) {
                return row.next() && decode(ValueCell.at(row, 1), damage) != null;
            }
        }));
    }

    public void set(Object key, Object value) {
        set(key, value, null, null);
    }

    /**
     * Stores {@code value} under {@code key}, replacing any entry (expired or not).
     *
     * @param expireSeconds seconds from now until the entry expires, or null for never
     * @param tag           String, byte[], Long or Double, or null
     * @throws EntryTooLargeException when the entry alone exceeds the size limit
     */
    public void set(Object key, Object value, Double expireSeconds, Object tag) {
        DbKey encoded = encoded(key);
        double now = now();
        Double expireTime = expireTime(now, expireSeconds);
        checkTag(tag);
        StoredValue stored = storeChecked(encoded, value);
        write(stored.filename(), transaction -> {
            Row existing = findRow(transaction.connection(), encoded);
            long rowid = writeRow(transaction, existing, encoded, stored, now, expireTime, tag);
            cull(transaction, now, rowid);
            return null;
        });
    }

    /** Stores a stream's bytes in a value file (never inline), like Python's {@code set(read=True)}. */
    public void setStream(Object key, InputStream in, Double expireSeconds, Object tag) {
        DbKey encoded = encoded(key);
        checkTag(tag);
        StoredValue stored = disk.storeStream(in);
        checkFits(encoded, stored);
        double now = now();
        Double expireTime = expireTime(now, expireSeconds);
        write(stored.filename(), transaction -> {
            Row existing = findRow(transaction.connection(), encoded);
            long rowid = writeRow(transaction, existing, encoded, stored, now, expireTime, tag);
            cull(transaction, now, rowid);
            return null;
        });
    }

    public boolean add(Object key, Object value) {
        return add(key, value, null, null);
    }

    /** Stores the entry only if no live entry has the key; exactly one concurrent add of a key wins. */
    public boolean add(Object key, Object value, Double expireSeconds, Object tag) {
        DbKey encoded = encoded(key);
        checkTag(tag);
        StoredValue stored = storeChecked(encoded, value);
        double now = now();
        Double expireTime = expireTime(now, expireSeconds);
        return write(stored.filename(), transaction -> {
            Row existing = findRow(transaction.connection(), encoded);
            if (existing != null && existing.isLive(now)) {
                transaction.deleteOnCommit(stored.filename());
                return false;
            }
            long rowid = writeRow(transaction, existing, encoded, stored, now, expireTime, tag);
            cull(transaction, now, rowid);
            return true;
        });
    }

    /**
     * Reads the entry under {@code key} (expired or not; null when absent), lets {@code decide}
     * choose what happens to it, and applies that, all in one write transaction: a
     * read-modify-write that is atomic across threads and processes, costing a single lookup.
     * {@code decide} runs while the shard's write lock is held; keep it short.
     */
    public void compute(Object key, java.util.function.Function<CurrentEntry, EntryChange> decide) {
        DbKey encoded = encoded(key);
        write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            PreparedStatement select = connection.prepare(SELECT_FOR_COMPUTE);
            bind(select, 1, encoded.sqlValue());
            select.setInt(2, encoded.raw());
            Row row = null;
            CurrentEntry current = null;
            List<Damage> damage = new ArrayList<>();
            try (ResultSet found = select.executeQuery()) {
                if (found.next()) {
                    ValueCell cell = ValueCell.at(found, 4);
                    row = new Row(found.getLong(1), cell.filename(), nullableDouble(found, 2), cell.mode(),
                            Disk.normalize(cell.inline()));
                    current = new CurrentEntry(row.expireTime(), Disk.normalize(found.getObject(3)),
                            () -> decoded(cell, damage));
                }
            }
            EntryChange change = decide.apply(current);
            for (Damage damaged : damage) {
                removeDamaged(transaction, encoded, damaged);
                row = null;
            }
            apply(transaction, encoded, row, change);
            return null;
        });
    }

    private void apply(Transaction transaction, DbKey key, Row row, EntryChange change) throws SQLException {
        PooledConnection connection = transaction.connection();
        switch (change.kind()) {
            case KEEP -> {
                // Nothing to write.
            }
            case DELETE -> {
                if (row != null) {
                    deleteRow(connection, row.rowid());
                    transaction.deleteOnCommit(row.filename());
                }
            }
            case EXPIRE_AT -> {
                if (row != null) {
                    PreparedStatement update = connection.prepare("UPDATE Cache SET expire_time = ? WHERE rowid = ?");
                    bindNullableDouble(update, 1, change.expireTime());
                    update.setLong(2, row.rowid());
                    update.executeUpdate();
                }
            }
            case SET -> {
                checkTag(change.tag());
                // Written inside the transaction here: the value is only known once the decision is made.
                StoredValue stored = storeChecked(key, change.value());
                transaction.deleteOnRollback(stored.filename());
                double now = now();
                long rowid = writeRow(transaction, row, key, stored, now, change.expireTime(), change.tag());
                cull(transaction, now, rowid);
            }
        }
    }

    /** Sets a live entry's expiry (null: never) without touching its value; false if there is none. */
    public boolean touch(Object key, Double expireSeconds) {
        double now = now();
        return touchLive(encoded(key), expireTime(now, expireSeconds), now);
    }

    /** Sets a live entry's absolute expire time (epoch seconds; null: never). */
    public boolean touchAt(Object key, Double expireTime) {
        return touchLive(encoded(key), expireTime, now());
    }

    private boolean touchLive(DbKey key, Double expireTime, double now) {
        return write(null, transaction -> {
            PreparedStatement update = transaction.connection().prepare(TOUCH);
            bindNullableDouble(update, 1, expireTime);
            bind(update, 2, key.sqlValue());
            update.setInt(3, key.raw());
            update.setDouble(4, now);
            return update.executeUpdate() > 0;
        });
    }

    /** Removes and returns the live entry, or null. */
    public StoredEntry pop(Object key) {
        DbKey encoded = encoded(key);
        double now = now();
        return write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            PreparedStatement select = connection.prepare(SELECT_ENTRY);
            bindKey(select, encoded, now);
            long rowid;
            Double expireTime;
            Object tag;
            ValueCell cell;
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                rowid = row.getLong(1);
                expireTime = nullableDouble(row, 2);
                tag = Disk.normalize(row.getObject(3));
                cell = ValueCell.at(row, 4);
            }
            Decoded decoded = decoded(cell, new ArrayList<>());
            if (decoded instanceof Decoded.UnreadableHere) {
                return null; // a miss here; it stays for the readers that can read it
            }
            deleteRow(connection, rowid);
            transaction.deleteOnCommit(cell.filename());
            return decoded instanceof Decoded.Value found ? new StoredEntry(encoded.original(), found.value(), expireTime, tag) : null;
        });
    }

    /**
     * Deletes the entry. Returns true if a live entry was deleted; an expired row is removed too
     * but reported as absent.
     */
    public boolean delete(Object key) {
        DbKey encoded = encoded(key);
        double now = now();
        return write(null, transaction -> {
            PreparedStatement delete = transaction.connection().prepare(DELETE_KEY);
            bind(delete, 1, encoded.sqlValue());
            delete.setInt(2, encoded.raw());
            try (ResultSet row = delete.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                Double expireTime = nullableDouble(row, 1);
                transaction.deleteOnCommit(row.getString(2));
                return Liveness.isLive(expireTime, now);
            }
        });
    }

    /**
     * Adds {@code delta} to the integer stored under {@code key} and returns the result. A missing
     * (or expired) key starts from {@code defaultValue}; with a null default a missing key throws.
     *
     * @throws NoSuchElementException if the key is missing and {@code defaultValue} is null
     * @throws IllegalStateException  if the stored value is not an integer
     * @throws ArithmeticException    on 64-bit overflow
     */
    public long decr(Object key, long delta, Long defaultValue) {
        return incr(key, Math.negateExact(delta), defaultValue);
    }

    public long incr(Object key, long delta, Long defaultValue) {
        DbKey encoded = encoded(key);
        double now = now();
        EvictionPolicy policy = settings.evictionPolicy();
        return write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            Row existing = findRow(connection, encoded);
            if (existing == null || !existing.isLive(now)) {
                if (defaultValue == null) {
                    throw new NoSuchElementException("no entry for key " + encoded.original());
                }
                long result = Math.addExact(defaultValue, delta);
                StoredValue stored = new StoredValue(0, ValueMode.RAW, null, result, Long.BYTES);
                long rowid = writeRow(transaction, existing, encoded, stored, now, null, null);
                cull(transaction, now, rowid);
                return result;
            }
            if (existing.mode() != ValueMode.RAW || !(existing.inline() instanceof Long current)) {
                throw new IllegalStateException("value of key " + encoded.original() + " is not an integer");
            }
            long result = Math.addExact(current, delta);
            StringBuilder sql = new StringBuilder("UPDATE Cache SET store_time = ?, value = ?");
            if (policy.readUpdatesRow()) {
                sql.append(", ").append(policy.readUpdate());
            }
            PreparedStatement update = connection.prepare(sql.append(" WHERE rowid = ?").toString());
            int index = 1;
            update.setDouble(index++, now);
            update.setLong(index++, result);
            if (policy.readUpdateTakesTime()) {
                update.setDouble(index++, now);
            }
            update.setLong(index, existing.rowid());
            update.executeUpdate();
            return result;
        });
    }

    // ---------------------------------------------------------------- queue operations

    /** Where {@link #push}, {@link #pull} and {@link #peek} work: the back or the front of a queue. */
    public enum Side { FRONT, BACK }

    /** A key and value taken from a queue. */
    public record QueueItem(Object key, Object value) {
    }

    private static final long QUEUE_LOW = 0L;
    private static final long QUEUE_HIGH = 999_999_999_999_999L;
    private static final long QUEUE_START = 500_000_000_000_000L;

    /**
     * Appends {@code value} under a generated key: an integer, or {@code prefix-NNNNNNNNNNNNNNN}
     * when a prefix is given. Returns the key. Keys grow from the middle of their range, so both
     * ends can be pushed to.
     */
    public Object push(Object value, String prefix, Side side, Double expireSeconds, Object tag) {
        Objects.requireNonNull(side, "side");
        checkTag(tag);
        StoredValue stored = disk.store(value);
        double now = now();
        Double expireTime = expireTime(now, expireSeconds);
        return write(stored.filename(), transaction -> {
            PooledConnection connection = transaction.connection();
            QueueRange range = new QueueRange(prefix);
            PreparedStatement select = connection.prepare("SELECT key FROM Cache WHERE ? < key AND key < ?"
                    + " AND raw = 1 ORDER BY key " + (side == Side.BACK ? "DESC" : "ASC") + " LIMIT 1");
            bind(select, 1, range.low());
            bind(select, 2, range.high());
            long number;
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    long edge = range.numberOf(row.getObject(1));
                    number = side == Side.BACK ? edge + 1 : edge - 1;
                } else {
                    number = QUEUE_START;
                }
            }
            Object key = range.keyOf(number);
            DbKey encoded = new DbKey(key, DbKey.NATIVE, key);
            long rowid = writeRow(transaction, null, encoded, stored, now, expireTime, tag);
            cull(transaction, now, rowid);
            return key;
        });
    }

    /** Removes and returns the first live item at {@code side} of the queue, or null; expired items met are dropped. */
    public QueueItem pull(String prefix, Side side) {
        return takeFromQueue(prefix, side, true);
    }

    /** Returns the first live item at {@code side} without removing it; expired items met are dropped. */
    public QueueItem peek(String prefix, Side side) {
        return takeFromQueue(prefix, side, false);
    }

    private QueueItem takeFromQueue(String prefix, Side side, boolean remove) {
        Objects.requireNonNull(side, "side");
        double now = now();
        QueueRange range = new QueueRange(prefix);
        String sql = "SELECT rowid, key, expire_time, mode, filename, value, size FROM Cache WHERE ? < key AND key < ?"
                + " AND raw = 1 ORDER BY key " + (side == Side.BACK ? "DESC" : "ASC") + " LIMIT 1";
        return write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            Object low = range.low();
            Object high = range.high();
            while (true) {
                PreparedStatement select = connection.prepare(sql);
                bind(select, 1, low);
                bind(select, 2, high);
                QueueRow found;
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    found = new QueueRow(row.getLong(1), Disk.normalize(row.getObject(2)), nullableDouble(row, 3),
                            ValueCell.at(row, 4));
                }
                boolean expired = !Liveness.isLive(found.expireTime(), now);
                Decoded decoded = expired ? null : decoded(found.cell(), new ArrayList<>());
                if (decoded instanceof Decoded.UnreadableHere) {
                    // Another reader's item (a Python pickle, a class this process lacks): step over it, leave it queued.
                    if (side == Side.FRONT) {
                        low = found.key();
                    } else {
                        high = found.key();
                    }
                    continue;
                }
                if (expired || remove || decoded instanceof Decoded.Damaged) {
                    deleteRow(connection, found.rowid());
                    transaction.deleteOnCommit(found.cell().filename());
                }
                if (decoded instanceof Decoded.Value item) {
                    return new QueueItem(found.key(), item.value());
                }
            }
        });
    }

    /**
     * The newest ({@code last}) or oldest live entry in insertion order, without removing it;
     * expired entries met on the way are deleted.
     *
     * @throws NoSuchElementException when the shard holds no live entry
     */
    public StoredEntry peekItem(boolean last) {
        double now = now();
        String sql = "SELECT rowid, key, raw, expire_time, tag, mode, filename, value, size FROM Cache WHERE rowid "
                + (last ? "<" : ">") + " ? ORDER BY rowid " + (last ? "DESC" : "ASC") + " LIMIT 1";
        return write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            long cursor = last ? Long.MAX_VALUE : Long.MIN_VALUE;
            while (true) {
                Object key = null;
                Double expireTime;
                Object tag = null;
                Decoded decoded = null;
                String filename;
                PreparedStatement select = connection.prepare(sql);
                select.setLong(1, cursor);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new NoSuchElementException("cache is empty");
                    }
                    cursor = row.getLong(1);
                    expireTime = nullableDouble(row, 4);
                    filename = row.getString(7);
                    if (Liveness.isLive(expireTime, now)) {
                        try {
                            key = disk.decodeKey(row.getObject(2), row.getInt(3));
                        } catch (UnreadableValueException | DamagedValueException e) {
                            continue; // a key only another reader (Python) can use: step over the entry
                        }
                        tag = Disk.normalize(row.getObject(5));
                        decoded = decoded(ValueCell.at(row, 6), new ArrayList<>());
                    }
                }
                if (decoded instanceof Decoded.Value found) {
                    return new StoredEntry(key, found.value(), expireTime, tag);
                }
                if (!(decoded instanceof Decoded.UnreadableHere)) {
                    deleteRow(connection, cursor);
                    transaction.deleteOnCommit(filename);
                }
            }
        });
    }

    private record QueueRow(long rowid, Object key, Double expireTime, ValueCell cell) {
    }

    /** The key range of one queue: integers in (0, 10^15 - 1), or prefixed 15-digit strings. */
    private record QueueRange(String prefix) {
        Object low() {
            return prefix == null ? (Object) QUEUE_LOW : prefix + "-000000000000000";
        }

        Object high() {
            return prefix == null ? (Object) QUEUE_HIGH : prefix + "-999999999999999";
        }

        long numberOf(Object key) {
            if (prefix == null) {
                return ((Number) key).longValue();
            }
            String text = (String) key;
            return Long.parseLong(text.substring(text.length() - 15));
        }

        Object keyOf(long number) {
            if (number <= QUEUE_LOW || number >= QUEUE_HIGH) {
                throw new StoreException("queue " + (prefix == null ? "" : "'" + prefix + "' ") + "is full");
            }
            return prefix == null ? (Object) number : String.format("%s-%015d", prefix, number);
        }
    }

    // ---------------------------------------------------------------- iteration

    /** Keys in insertion order, expired ones included (as diskcache iterates); paged lazily. */
    public Iterator<Object> keys() {
        return new InsertionOrderKeys(false, false);
    }

    /** Keys in reverse insertion order, expired ones included. */
    public Iterator<Object> keysReversed() {
        return new InsertionOrderKeys(true, false);
    }

    /** Keys of live entries in insertion order; expiry is judged as each page is read. */
    public Iterator<Object> liveKeys() {
        return new InsertionOrderKeys(false, true);
    }

    /** Keys in SQLite's key order (numbers, then text, then blobs), expired ones included. */
    public Iterator<Object> sortedKeys(boolean reverse) {
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
            this.bound = read(connection -> {
                try (ResultSet row = connection.prepare("SELECT COALESCE(MAX(rowid), 0) FROM Cache").executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            });
            this.cursor = reverse ? bound + 1 : 0;
        }

        @Override
        List<Object> nextPage() {
            double now = now();
            String sql = reverse
                    ? "SELECT rowid, key, raw, expire_time FROM Cache WHERE rowid < ? ORDER BY rowid DESC LIMIT ?"
                    : "SELECT rowid, key, raw, expire_time FROM Cache WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?";
            return read(connection -> {
                PreparedStatement select = connection.prepare(sql);
                select.setLong(1, cursor);
                if (reverse) {
                    select.setInt(2, BATCH);
                } else {
                    select.setLong(2, bound);
                    select.setInt(3, BATCH);
                }
                List<Object> page = new ArrayList<>();
                boolean any = false;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        any = true;
                        cursor = rows.getLong(1);
                        Double expireTime = nullableDouble(rows, 4);
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
            return read(connection -> {
                PreparedStatement select = connection.prepare(sql);
                int index = 1;
                if (lastKey != null) {
                    bind(select, index++, lastKey);
                    select.setInt(index++, lastRaw);
                }
                select.setInt(index, BATCH);
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
            LOG.log(System.Logger.Level.DEBUG, "skipping a key Java cannot decode in " + databaseFile, e);
        }
    }

    // ---------------------------------------------------------------- aggregates

    /** Number of rows, expired ones included (diskcache's {@code len}). */
    public long size() {
        return read(connection -> readCounter(connection, "count"));
    }

    /** Bytes on disk: database pages plus value files (WAL and directories excluded). */
    public long volume() {
        return read(this::volume);
    }

    private long volume(PooledConnection connection) throws SQLException {
        PreparedStatement select = connection.prepare(VOLUME);
        select.setLong(1, pageSize);
        return queryLong(select);
    }

    /**
     * Returns the hit and miss counters, then turns statistics on or off and optionally zeroes them.
     * Counting makes every read a write transaction.
     */
    public Stats stats(boolean enable, boolean reset) {
        Stats stats = write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            Stats current = new Stats(readCounter(connection, "hits"), readCounter(connection, "misses"));
            if (reset) {
                connection.jdbc().createStatement()
                        .executeUpdate("UPDATE Settings SET value = 0 WHERE key IN ('hits', 'misses')");
            }
            return current;
        });
        reset(Settings.STATISTICS, enable ? 1L : 0L);
        return stats;
    }

    /** The counters without changing whether statistics are on. */
    public Stats stats() {
        return read(connection -> new Stats(readCounter(connection, "hits"), readCounter(connection, "misses")));
    }

    /** Deletes every expired entry; returns how many. Each batch is its own transaction. */
    public long expire() {
        double now = now();
        return deleteInBatches("SELECT rowid FROM Cache WHERE expire_time IS NOT NULL AND expire_time < ?"
                + " ORDER BY expire_time LIMIT ?", statement -> statement.setDouble(1, now));
    }

    /** Deletes every entry with {@code tag}; returns how many. Fast with the tag index. */
    public long evict(Object tag) {
        Objects.requireNonNull(tag, "tag");
        checkTag(tag);
        return deleteInBatches("SELECT rowid FROM Cache WHERE tag = ? ORDER BY rowid LIMIT ?",
                statement -> bind(statement, 1, tag));
    }

    /** Deletes every entry; returns how many. Not atomic: writers may interleave between batches. */
    public long clear() {
        return deleteInBatches("SELECT rowid FROM Cache ORDER BY rowid LIMIT ?", statement -> { });
    }

    /**
     * Removes expired entries, then evicts in policy order while the volume exceeds the size limit.
     * Returns the number of entries removed (expired ones included).
     */
    public long cull() {
        long removed = expire();
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
        return write(null, transaction -> {
            PreparedStatement delete = transaction.connection().prepare(sql);
            binder.bind(delete);
            delete.setInt(limitIndex, limit);
            long deleted = 0;
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    deleted++;
                    transaction.deleteOnCommit(rows.getString(1));
                }
            }
            return deleted;
        });
    }

    /**
     * Automatic culling after a write, inside its transaction: up to {@code cull_limit} expired
     * rows, then, while over the size limit, up to the rest of that budget in policy order. The row
     * just written ({@code keepRowid}) is never culled.
     */
    private void cull(Transaction transaction, double now, long keepRowid) throws SQLException {
        Settings current = settings;
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
        evictions.add(deleteReturningFiles(evict, transaction));
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
            deleteRow(connection, rowid);
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

    /**
     * Verifies the database and the value files against each other and returns what is wrong.
     * With {@code fix}, repairs it: VACUUM, rows whose file is gone are deleted, wrong sizes and
     * counters corrected, unknown files and empty directories removed.
     */
    public List<String> check(boolean fix) {
        List<String> warnings = new ArrayList<>();
        read(connection -> {
            try (ResultSet rows = connection.jdbc().createStatement().executeQuery("PRAGMA integrity_check")) {
                List<String> messages = new ArrayList<>();
                while (rows.next()) {
                    messages.add(rows.getString(1));
                }
                if (!messages.equals(List.of("ok"))) {
                    messages.forEach(message -> warnings.add(INTEGRITY_WARNING + databaseFile + ": " + message));
                }
            }
            return null;
        });
        if (fix) {
            vacuum();
        }
        write(null, transaction -> {
            checkFiles(transaction, fix, warnings);
            checkCounters(transaction.connection(), fix, warnings);
            return null;
        });
        return warnings;
    }

    /** On a connection of its own: VACUUM refuses to run while any statement of its connection is open. */
    private void vacuum() {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile);
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(Math.max(1, options.lockTimeoutMillis() / 1000));
            statement.execute("VACUUM");
        } catch (SQLException e) {
            throw translate(e, "vacuuming");
        }
    }

    private void checkFiles(Transaction transaction, boolean fix, List<String> warnings) throws SQLException {
        PooledConnection connection = transaction.connection();
        Set<Path> referenced = new HashSet<>();
        Map<Long, Path> wrongSizes = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        try (ResultSet rows = connection.jdbc().createStatement()
                .executeQuery("SELECT rowid, size, filename FROM Cache WHERE filename IS NOT NULL")) {
            while (rows.next()) {
                long rowid = rows.getLong(1);
                long size = rows.getLong(2);
                Path path = directory.resolve(rows.getString(3));
                referenced.add(path);
                try {
                    long realSize = Files.size(path);
                    if (realSize != size) {
                        warnings.add("wrong file size: " + path + ", " + realSize + " != " + size);
                        wrongSizes.put(rowid, path);
                    }
                } catch (IOException e) {
                    warnings.add("file not found: " + path);
                    missing.add(rowid);
                }
            }
        }
        if (fix) {
            // A file of the wrong size holds a damaged value (reads treat it as a miss): drop the row,
            // its file then shows up below as unknown and is removed with the other strays.
            for (Map.Entry<Long, Path> wrongSize : wrongSizes.entrySet()) {
                deleteRow(connection, wrongSize.getKey());
                referenced.remove(wrongSize.getValue());
            }
            for (long rowid : missing) {
                deleteRow(connection, rowid);
            }
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> paths = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path path : paths) {
                if (path.equals(directory) || path.toString().contains(DATABASE_FILE)) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    boolean empty;
                    try (Stream<Path> children = Files.list(path)) {
                        empty = children.findAny().isEmpty();
                    }
                    if (empty) {
                        warnings.add("empty directory: " + path);
                        if (fix) {
                            Files.deleteIfExists(path);
                        }
                    }
                } else if (!referenced.contains(path)) {
                    warnings.add("unknown file: " + path);
                    if (fix) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("walking " + directory + " failed", e);
        }
    }

    private static void checkCounters(PooledConnection connection, boolean fix, List<String> warnings)
            throws SQLException {
        long count = queryLong(connection.prepare("SELECT COUNT(key) FROM Cache"));
        long size = queryLong(connection.prepare("SELECT COALESCE(SUM(size), 0) FROM Cache"));
        long countSetting = readCounter(connection, "count");
        long sizeSetting = readCounter(connection, "size");
        PreparedStatement update = connection.prepare("UPDATE Settings SET value = ? WHERE key = ?");
        if (count != countSetting) {
            warnings.add("Settings.count != COUNT(Cache.key); " + countSetting + " != " + count);
            if (fix) {
                update.setLong(1, count);
                update.setString(2, "count");
                update.executeUpdate();
            }
        }
        if (size != sizeSetting) {
            warnings.add("Settings.size != SUM(Cache.size); " + sizeSetting + " != " + size);
            if (fix) {
                update.setLong(1, size);
                update.setString(2, "size");
                update.executeUpdate();
            }
        }
    }

    public void createTagIndex() {
        write(null, transaction -> {
            transaction.connection().jdbc().createStatement().execute(ShardSchema.CREATE_TAG_INDEX);
            return null;
        });
        reset(Settings.TAG_INDEX, 1L);
    }

    public void dropTagIndex() {
        write(null, transaction -> {
            transaction.connection().jdbc().createStatement().execute(ShardSchema.DROP_TAG_INDEX);
            return null;
        });
        reset(Settings.TAG_INDEX, 0L);
    }

    // ---------------------------------------------------------------- settings

    /** Re-reads one setting from the database (another process may have changed it) and returns it. */
    public Object setting(String key) {
        Object value = read(connection -> {
            PreparedStatement select = connection.prepare(SELECT_SETTING);
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Disk.normalize(row.getObject(1)) : null;
            }
        });
        if (value != null && Settings.isKnown(key)) {
            Map<String, Object> updated = new HashMap<>(settings.asMap());
            updated.put(key, value);
            applySetting(key, Settings.none().mergedOver(updated));
        }
        return value;
    }

    /** Changes a setting, persists it and applies it to this instance (and to PRAGMAs of every connection). */
    public void reset(String key, Object value) {
        Settings validated = Settings.builder().set(key, value).build();
        Object normalized = validated.get(key);
        write(null, transaction -> {
            PreparedStatement write = transaction.connection().prepare(WRITE_SETTING);
            write.setString(1, key);
            bind(write, 2, normalized);
            write.executeUpdate();
            return null;
        });
        Map<String, Object> updated = new HashMap<>(settings.asMap());
        updated.put(key, normalized);
        applySetting(key, Settings.none().mergedOver(updated));
    }

    private void applySetting(String key, Settings updated) {
        settings = updated;
        if (key.startsWith("sqlite_")) {
            pragmaVersion++;
        }
        if (Settings.DISK_MIN_FILE_SIZE.equals(key)) {
            disk.minFileSize(updated.minFileSize());
        }
        if (Settings.SQLITE_SYNCHRONOUS.equals(key)) {
            disk.durable(updated.synchronous() >= 2);
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The key as stored. {@link FanoutCache} encodes a key once to choose its shard and passes the
     * {@link DbKey} on (no caller outside the package can: the type is package-private), so every
     * operation encodes its key exactly once.
     */
    private DbKey encoded(Object key) {
        return key instanceof DbKey encoded ? encoded : disk.encodeKey(key);
    }

    Disk disk() {
        return disk;
    }

    private StoredValue storeChecked(DbKey key, Object value) {
        StoredValue stored = disk.store(value);
        checkFits(key, stored);
        return stored;
    }

    private void checkFits(DbKey key, StoredValue stored) {
        Settings current = settings;
        if (current.evictionPolicy().orderColumn() == null) {
            return;
        }
        long entryBytes = keyLength(key) + stored.encodedLength();
        if (entryBytes > current.sizeLimit()) {
            disk.remove(stored.filename());
            throw new EntryTooLargeException("entry of " + entryBytes + " bytes exceeds the size limit of "
                    + current.sizeLimit() + " bytes of shard " + directory + "; it would be evicted at once");
        }
    }

    private static long keyLength(DbKey key) {
        Object value = key.sqlValue();
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof String text) {
            return text.length();
        }
        return 8;
    }

    private static void checkTag(Object tag) {
        if (tag != null && !(tag instanceof String || tag instanceof byte[] || tag instanceof Long
                || tag instanceof Double)) {
            throw new IllegalArgumentException("a tag must be a String, byte[], Long or Double, not "
                    + tag.getClass().getName());
        }
    }

    private static Double expireTime(double now, Double expireSeconds) {
        if (expireSeconds == null) {
            return null;
        }
        if (expireSeconds.isNaN()) {
            throw new IllegalArgumentException("expire must be a number of seconds, not NaN");
        }
        return now + expireSeconds;
    }

    /** The columns that hold one row's value, read together so the row version is identifiable. */
    private record ValueCell(int mode, String filename, Object inline, long size) {
        /** Reads mode, filename, value and size from four consecutive columns starting at {@code first}. */
        static ValueCell at(ResultSet row, int first) throws SQLException {
            return new ValueCell(row.getInt(first), row.getString(first + 1), row.getObject(first + 2),
                    row.getLong(first + 3));
        }
    }

    /** Why a row's value could not be produced. */
    private record Damage(ValueCell cell, String reason) {
    }

    /** The value of a row, or null when there is none to give; see {@link #decoded}. */
    private Object decode(ValueCell cell, List<Damage> damage) {
        return decoded(cell, damage) instanceof Decoded.Value found ? found.value() : null;
    }

    /**
     * Decodes a row's value. Damage (its file gone, of the wrong size or forged, bytes in no known
     * format) is recorded for the caller to clean up. A value only this process cannot read (a class
     * it lacks or that changed, a refused class, a Python pickle) is counted, its cause logged once,
     * and left alone: another process, another version of the application or Python may read it.
     */
    private Decoded decoded(ValueCell cell, List<Damage> damage) {
        Decoded decoded = disk.fetch(cell.mode(), cell.filename(), cell.size(), cell.inline());
        if (decoded instanceof Decoded.Damaged damaged) {
            damage.add(new Damage(cell, damaged.reason()));
        } else if (decoded instanceof Decoded.UnreadableHere unreadable) {
            unreadableReads.increment();
            if (loggedUnreadable.add(unreadable.subject())) {
                LOG.log(System.Logger.Level.WARNING, "a value in " + databaseFile + " cannot be read by this process"
                        + " and is treated as a miss, left for readers that can read it (logged once per cause): "
                        + unreadable.reason());
            }
        }
        return decoded;
    }

    /**
     * Runs a read and removes the rows it found damaged (read-only, it leaves them). A value file
     * can also vanish because a concurrent overwrite replaced the row and deleted its old file, so a
     * read that met damage is repeated once, and only what the second read still finds damaged is removed.
     */
    private <T> T readHealing(DbKey key, java.util.function.Function<List<Damage>, T> attempt) {
        List<Damage> damage = new ArrayList<>();
        T result = attempt.apply(damage);
        if (damage.isEmpty() || readOnly) {
            return result;
        }
        List<Damage> again = new ArrayList<>();
        result = attempt.apply(again);
        for (Damage damaged : again) {
            write(null, transaction -> {
                removeDamaged(transaction, key, damaged);
                return null;
            });
        }
        return result;
    }

    /** Deletes the damaged row, if it is still exactly the version that was read, and says so in the log. */
    private void removeDamaged(Transaction transaction, DbKey key, Damage damage) throws SQLException {
        ValueCell cell = damage.cell();
        PreparedStatement delete = transaction.connection().prepare(DELETE_DAMAGED);
        bind(delete, 1, key.sqlValue());
        delete.setInt(2, key.raw());
        delete.setInt(3, cell.mode());
        bind(delete, 4, cell.filename());
        bind(delete, 5, cell.inline());
        if (delete.executeUpdate() > 0) {
            if (cell.filename() != null) {
                transaction.deleteOnCommit(cell.filename());
            }
            damagedEntries.increment();
            LOG.log(System.Logger.Level.WARNING, "removed a damaged entry from " + databaseFile + ": " + damage.reason());
        }
    }

    /** A row found by key, expired or not. */
    private record Row(long rowid, String filename, Double expireTime, int mode, Object inline) {
        boolean isLive(double now) {
            return Liveness.isLive(expireTime, now);
        }
    }

    private static Row findRow(PooledConnection connection, DbKey key) throws SQLException {
        PreparedStatement select = connection.prepare(SELECT_ROW);
        bind(select, 1, key.sqlValue());
        select.setInt(2, key.raw());
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            return new Row(row.getLong(1), row.getString(2), nullableDouble(row, 3), row.getInt(4),
                    Disk.normalize(row.getObject(5)));
        }
    }

    /** Updates {@code existing} in place (keeping its rowid, i.e. its insertion order) or inserts a row. */
    private static long writeRow(Transaction transaction, Row existing, DbKey key, StoredValue stored, double now,
                                 Double expireTime, Object tag) throws SQLException {
        PooledConnection connection = transaction.connection();
        if (existing != null) {
            boolean sameExpiry = Objects.equals(existing.expireTime(), expireTime);
            PreparedStatement update = connection.prepare(sameExpiry ? UPDATE_ROW_SAME_EXPIRY : UPDATE_ROW);
            int index = 1;
            update.setDouble(index++, now);
            if (!sameExpiry) {
                bindNullableDouble(update, index++, expireTime);
            }
            update.setDouble(index++, now);
            bind(update, index++, tag);
            update.setLong(index++, stored.size());
            update.setInt(index++, stored.mode());
            update.setString(index++, stored.filename());
            bind(update, index++, stored.inline());
            update.setLong(index, existing.rowid());
            update.executeUpdate();
            transaction.deleteOnCommit(existing.filename());
            return existing.rowid();
        }
        PreparedStatement insert = connection.prepare(INSERT_ROW);
        bind(insert, 1, key.sqlValue());
        insert.setInt(2, key.raw());
        insert.setDouble(3, now);
        bindNullableDouble(insert, 4, expireTime);
        insert.setDouble(5, now);
        bind(insert, 6, tag);
        insert.setLong(7, stored.size());
        insert.setInt(8, stored.mode());
        insert.setString(9, stored.filename());
        bind(insert, 10, stored.inline());
        try (ResultSet row = insert.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void deleteRow(PooledConnection connection, long rowid) throws SQLException {
        PreparedStatement delete = connection.prepare(DELETE_ROWID);
        delete.setLong(1, rowid);
        delete.executeUpdate();
    }

    private static long readCounter(PooledConnection connection, String key) throws SQLException {
        PreparedStatement select = connection.prepare(SELECT_SETTING);
        select.setString(1, key);
        return queryLong(select);
    }

    private static long queryLong(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0L;
        }
    }

    private static void bindKey(PreparedStatement statement, DbKey key, double now) throws SQLException {
        bind(statement, 1, key.sqlValue());
        statement.setInt(2, key.raw());
        statement.setDouble(3, now);
    }

    static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.NULL);
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Double number) {
            statement.setDouble(index, number);
        } else if (value instanceof Integer number) {
            statement.setLong(index, number);
        } else {
            throw new IllegalArgumentException("not an SQLite value: " + value.getClass().getName());
        }
    }

    private static void bindNullableDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.REAL);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static Double nullableDouble(ResultSet row, int column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.close();
            gate.release();
        }
    }

    @Override
    public String toString() {
        return "Shard[" + directory + "]";
    }
}
