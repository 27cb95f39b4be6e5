package io.github.jdiskcache.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * diskcache 5.x's schema, and opening a shard's database: bringing its schema to what the settings
 * ask for, persisting the settings, applying the PRAGMAs. Trigger bodies use single-quoted string
 * literals: diskcache writes {@code "count"}, which only works while SQLite accepts double-quoted
 * strings (DQS), so databases created by Python get their triggers rewritten on open.
 */
final class ShardSchema {
    /** Page cache of a connection whose shard is mapped (4 MiB): the B-trees' inner pages and a transaction's writes. */
    static final long MAPPED_SHARD_CACHE_PAGES = 1024;
    static final String SELECT_SETTING = "SELECT value FROM Settings WHERE key = ?";
    static final String WRITE_SETTING = "INSERT OR REPLACE INTO Settings VALUES (?, ?)";

    static final String SETTINGS_TABLE =
            "CREATE TABLE IF NOT EXISTS Settings ( key TEXT NOT NULL UNIQUE, value)";
    static final String CACHE_TABLE = "CREATE TABLE IF NOT EXISTS Cache ("
            + " rowid INTEGER PRIMARY KEY, key BLOB, raw INTEGER, store_time REAL, expire_time REAL,"
            + " access_time REAL, access_count INTEGER DEFAULT 0, tag BLOB, size INTEGER DEFAULT 0,"
            + " mode INTEGER DEFAULT 0, filename TEXT, value BLOB)";
    static final String TAG_INDEX = "Cache_tag_rowid";
    static final String CREATE_TAG_INDEX = "CREATE INDEX IF NOT EXISTS Cache_tag_rowid ON Cache(tag, rowid)";
    static final String DROP_TAG_INDEX = "DROP INDEX IF EXISTS Cache_tag_rowid";

    /** Indexes every shard has, by name. */
    static final Map<String, String> INDEXES = Map.of(
            "Cache_key_raw", "CREATE UNIQUE INDEX IF NOT EXISTS Cache_key_raw ON Cache(key, raw)",
            "Cache_expire_time", "CREATE INDEX IF NOT EXISTS Cache_expire_time ON Cache (expire_time)");

    /** Triggers that keep the {@code count} and {@code size} rows of Settings in step with Cache. */
    static final Map<String, String> TRIGGERS = new LinkedHashMap<>();

    static {
        TRIGGERS.put("Settings_count_insert", "CREATE TRIGGER IF NOT EXISTS Settings_count_insert"
                + " AFTER INSERT ON Cache FOR EACH ROW BEGIN"
                + " UPDATE Settings SET value = value + 1 WHERE key = 'count'; END");
        TRIGGERS.put("Settings_count_delete", "CREATE TRIGGER IF NOT EXISTS Settings_count_delete"
                + " AFTER DELETE ON Cache FOR EACH ROW BEGIN"
                + " UPDATE Settings SET value = value - 1 WHERE key = 'count'; END");
        TRIGGERS.put("Settings_size_insert", "CREATE TRIGGER IF NOT EXISTS Settings_size_insert"
                + " AFTER INSERT ON Cache FOR EACH ROW BEGIN"
                + " UPDATE Settings SET value = value + NEW.size WHERE key = 'size'; END");
        TRIGGERS.put("Settings_size_update", "CREATE TRIGGER IF NOT EXISTS Settings_size_update"
                + " AFTER UPDATE ON Cache FOR EACH ROW BEGIN"
                + " UPDATE Settings SET value = value + NEW.size - OLD.size WHERE key = 'size'; END");
        TRIGGERS.put("Settings_size_delete", "CREATE TRIGGER IF NOT EXISTS Settings_size_delete"
                + " AFTER DELETE ON Cache FOR EACH ROW BEGIN"
                + " UPDATE Settings SET value = value - OLD.size WHERE key = 'size'; END");
    }

    static String createPolicyIndex(EvictionPolicy policy) {
        return "CREATE INDEX IF NOT EXISTS " + policy.indexName() + " ON Cache (" + policy.orderColumn() + ")";
    }

    /** Settings as persisted (explicit ones apply to this instance only: nothing can be written). */
    static Settings openReadOnly(Path directory, Path databaseFile, ConnectionPool pool, Settings explicit,
                                 StoreOptions options, SqliteErrors errors) {
        PooledConnection connection = pool.borrow(options.lockTimeoutMillis());
        try {
            Map<String, Object> persisted = readAllSettings(connection);
            if (persisted.isEmpty()) {
                throw new ReadOnlyCacheException("cache " + databaseFile + " holds no committed settings (its creator"
                        + " stopped before the first commit); opened read-only, it cannot be initialized");
            }
            Settings effective = explicit.mergedOver(persisted);
            applyPragmas(connection, effective);
            connection.appliedPragmaVersion(LiveSettings.OPENING_PRAGMA_VERSION);
            return effective;
        } catch (SQLException e) {
            StoreException failure = errors.failure(connection, e, "opening read-only");
            throw SqliteErrors.primaryResultCode(e) == SqliteErrors.SQLITE_CANTOPEN
                    ? withoutWalFiles(directory, databaseFile, failure) : failure;
        } finally {
            pool.release(connection);
        }
    }

    /**
     * Explains SQLite's "unable to open" for a read-only WAL database: a reader needs the
     * {@code -wal} and {@code -shm} files to see what other processes commit, and cannot create
     * them in a folder it may not write. Serving the database file alone could return stale values.
     */
    private static StoreException withoutWalFiles(Path directory, Path databaseFile, StoreException failure) {
        List<String> missing = new ArrayList<>();
        for (String suffix : List.of("-wal", "-shm")) {
            if (!Files.exists(databaseFile.resolveSibling(Shard.DATABASE_FILE + suffix))) {
                missing.add(Shard.DATABASE_FILE + suffix);
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

    /**
     * Opens a database for writing (the caller holds the init lock): brings the schema to what the
     * settings ask for and persists them in one transaction, only if something is missing or changed.
     */
    static Settings open(ConnectionPool pool, Settings explicit, StoreOptions options, SqliteErrors errors) {
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
            connection.appliedPragmaVersion(LiveSettings.OPENING_PRAGMA_VERSION);
            return effective;
        } catch (SQLException e) {
            throw errors.failure(connection, e, "opening");
        } finally {
            pool.release(connection);
        }
    }

    private static void runInitTransaction(PooledConnection connection, List<String> statements,
                                    Map<String, Object> changed) throws SQLException {
        connection.execute("BEGIN IMMEDIATE");
        boolean committed = false;
        try {
            connection.execute(SETTINGS_TABLE);
            PreparedStatement write = connection.prepare(WRITE_SETTING);
            for (Map.Entry<String, Object> setting : changed.entrySet()) {
                write.setString(1, setting.getKey());
                Sql.bind(write, 2, setting.getValue());
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
            statements.add(CACHE_TABLE);
        }
        INDEXES.forEach((name, sql) -> {
            if (!schema.containsKey(name)) {
                statements.add(sql);
            }
        });
        EvictionPolicy policy = effective.evictionPolicy();
        if (policy.indexName() != null && !schema.containsKey(policy.indexName())) {
            statements.add(createPolicyIndex(policy));
        }
        TRIGGERS.forEach((name, sql) -> {
            String existing = schema.get(name);
            if (existing != null && existing.contains("\"")) {
                statements.add("DROP TRIGGER " + name);
                statements.add(sql);
            } else if (existing == null) {
                statements.add(sql);
            }
        });
        if (effective.tagIndex() && !schema.containsKey(TAG_INDEX)) {
            statements.add(CREATE_TAG_INDEX);
        } else if (!effective.tagIndex() && schema.containsKey(TAG_INDEX)) {
            statements.add(DROP_TAG_INDEX);
        }
        return statements;
    }

    private static boolean sameValue(Object persisted, Object wanted) {
        if (persisted instanceof Number a && wanted instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return Objects.equals(persisted, wanted);
    }

    /**
     * The per-connection PRAGMAs from the {@code sqlite_*} settings (cache_size, mmap_size,
     * synchronous, ...), applied to every connection the pool opens. The database-wide ones
     * (journal_mode, auto_vacuum) are not: on an existing database, {@code PRAGMA auto_vacuum = 1}
     * takes the write lock, so a new connection would wait for another process's writer.
     */
    static void applyPragmas(PooledConnection connection, Settings settings) throws SQLException {
        for (Map.Entry<String, Object> setting : settings.asMap().entrySet()) {
            String key = setting.getKey();
            if (key.startsWith("sqlite_") && !isDatabasePragma(key)) {
                pragma(connection, key, perConnection(key, setting.getValue(), settings));
            }
        }
    }

    /**
     * diskcache's 64 MiB {@code mmap_size} maps a small part of a large shard, and every page beyond
     * it is read with read(2) and copied into the connection's page cache, so a get slows as the
     * shard grows. A shard left at that default maps up to its size limit instead: memory of the
     * OS's page cache, shared by every connection and process, never the Java heap.
     *
     * <p>With the shard mapped, reads no longer go through the page cache, and diskcache's 8192
     * pages of it only cost: SQLite's B-tree balance parks a page at the lock-byte page's number
     * (page 262,145 with 4 KiB pages) while it reorders siblings, and every COMMIT of a database
     * smaller than 1 GiB after that walks the connection's whole page cache to drop pages beyond
     * the file's end (docs/performance.md, "Issue 12, eighth session": 14 % of a JCache put's CPU
     * at 100,000 to 4,000,000 entries, 1.8 % with 1024 pages). So a shard left at both defaults
     * keeps {@link #MAPPED_SHARD_CACHE_PAGES} pages.
     *
     * <p>Only the connection's PRAGMA changes: the Settings rows that Python's diskcache reads keep
     * 64 MiB and 8192. Any other value was chosen by someone and applies as it is.
     */
    static Object perConnection(String key, Object value, Settings settings) {
        boolean mapped = isValue(settings.get(Settings.SQLITE_MMAP_SIZE), Settings.DISKCACHE_MMAP_SIZE);
        if (key.equals(Settings.SQLITE_MMAP_SIZE) && mapped) {
            return Math.max(Settings.DISKCACHE_MMAP_SIZE, settings.sizeLimit());
        }
        if (key.equals(Settings.SQLITE_CACHE_SIZE) && mapped && isValue(value, Settings.DISKCACHE_CACHE_SIZE)) {
            return MAPPED_SHARD_CACHE_PAGES;
        }
        return value;
    }

    private static boolean isValue(Object setting, long value) {
        return setting instanceof Number number && number.doubleValue() == value;
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

    /** One of the counters Settings holds (count, size, hits, misses). */
    static long readCounter(PooledConnection connection, String key) throws SQLException {
        PreparedStatement select = connection.prepare(SELECT_SETTING);
        select.setString(1, key);
        return Sql.queryLong(select);
    }

    private ShardSchema() {
    }
}
