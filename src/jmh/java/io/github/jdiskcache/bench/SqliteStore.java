package io.github.jdiskcache.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Adler32;

/**
 * {@code sqlite1} / {@code sqlite8}: the cost floor of one SQLite statement per operation, bare
 * sqlite-jdbc on {@code files} database files chosen by the key's hash (Adler-32 of its UTF-8, as
 * FanoutCache chooses shards). Each file has a shard's schema (Settings and Cache tables, the
 * unique (key, raw) index, the expire_time and store_time indexes, the count/size triggers) and
 * its PRAGMAs (WAL, synchronous=1, cache_size 8192, mmap 64 MiB, auto_vacuum 1). One plain JDBC
 * connection per file and per thread (default open mode; a thread opens its own on first use),
 * prepared statements reused, autocommit: get is one SELECT, an overwrite one UPDATE, remove one
 * DELETE, remove+put one DELETE and one INSERT.
 *
 * <p>Thread-safe through its connection per thread (the anchors' multi-threaded floor).
 */
final class SqliteStore implements BenchStore {
    private static final int LOAD_BATCH = 1000;

    /** Same DDL as the store's ShardSchema (package-private there), plus the default policy's index. */
    private static final String[] PRAGMAS = {
        "PRAGMA auto_vacuum = 1",
        "PRAGMA cache_size = 8192",
        "PRAGMA journal_mode = wal",
        "PRAGMA mmap_size = 67108864",
        "PRAGMA synchronous = 1",
    };
    /**
     * What a later connection (another thread's) sets: the per-connection PRAGMAs only. Running the
     * DDL again while another connection writes fails with SQLITE_BUSY_SNAPSHOT.
     */
    private static final String[] CONNECTION_PRAGMAS = {
        "PRAGMA cache_size = 8192",
        "PRAGMA mmap_size = 67108864",
        "PRAGMA synchronous = 1",
    };
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS Settings ( key TEXT NOT NULL UNIQUE, value)",
        "CREATE TABLE IF NOT EXISTS Cache ("
            + " rowid INTEGER PRIMARY KEY, key BLOB, raw INTEGER, store_time REAL, expire_time REAL,"
            + " access_time REAL, access_count INTEGER DEFAULT 0, tag BLOB, size INTEGER DEFAULT 0,"
            + " mode INTEGER DEFAULT 0, filename TEXT, value BLOB)",
        "CREATE UNIQUE INDEX IF NOT EXISTS Cache_key_raw ON Cache(key, raw)",
        "CREATE INDEX IF NOT EXISTS Cache_expire_time ON Cache (expire_time)",
        "CREATE INDEX IF NOT EXISTS Cache_store_time ON Cache (store_time)",
        "CREATE TRIGGER IF NOT EXISTS Settings_count_insert AFTER INSERT ON Cache FOR EACH ROW BEGIN"
            + " UPDATE Settings SET value = value + 1 WHERE key = 'count'; END",
        "CREATE TRIGGER IF NOT EXISTS Settings_count_delete AFTER DELETE ON Cache FOR EACH ROW BEGIN"
            + " UPDATE Settings SET value = value - 1 WHERE key = 'count'; END",
        "CREATE TRIGGER IF NOT EXISTS Settings_size_insert AFTER INSERT ON Cache FOR EACH ROW BEGIN"
            + " UPDATE Settings SET value = value + NEW.size WHERE key = 'size'; END",
        "CREATE TRIGGER IF NOT EXISTS Settings_size_update AFTER UPDATE ON Cache FOR EACH ROW BEGIN"
            + " UPDATE Settings SET value = value + NEW.size - OLD.size WHERE key = 'size'; END",
        "CREATE TRIGGER IF NOT EXISTS Settings_size_delete AFTER DELETE ON Cache FOR EACH ROW BEGIN"
            + " UPDATE Settings SET value = value - OLD.size WHERE key = 'size'; END",
        "INSERT OR IGNORE INTO Settings VALUES ('count', 0)",
        "INSERT OR IGNORE INTO Settings VALUES ('size', 0)",
        "INSERT OR IGNORE INTO Settings VALUES ('hits', 0)",
        "INSERT OR IGNORE INTO Settings VALUES ('misses', 0)",
    };
    private static final String SELECT = "SELECT value FROM Cache WHERE key = ? AND raw = 1";
    private static final String UPDATE = "UPDATE Cache SET value = ?, store_time = ? WHERE key = ? AND raw = 1";
    /** A new row as Shard writes a small byte[]: native key, RAW mode (1), size 0 (only files count), inline value. */
    private static final String INSERT = "INSERT INTO Cache(key, raw, store_time, expire_time, access_time,"
            + " access_count, tag, size, mode, filename, value) VALUES (?, 1, ?, NULL, ?, 0, NULL, 0, 1, NULL, ?)";

    private static final String DELETE = "DELETE FROM Cache WHERE key = ? AND raw = 1";

    private final Path directory;
    private final int files;
    /** Every connection set opened, for {@link #close}. */
    private final List<Db[]> opened = new ArrayList<>();
    private final ThreadLocal<Db[]> perThread = ThreadLocal.withInitial(this::openSet);

    SqliteStore(Path directory, int files) {
        this.directory = directory;
        this.files = files;
        perThread.get(); // creates the files and schema on the opening thread
    }

    private Db[] openSet() {
        Db[] set = new Db[files];
        boolean first;
        synchronized (opened) {
            first = opened.isEmpty();
            opened.add(set);
        }
        try {
            for (int i = 0; i < files; i++) {
                set[i] = new Db(directory.resolve(String.format("%03d.db", i)), first);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("opening the sqlite floor in " + directory + " failed", e);
        }
        return set;
    }

    private Db dbFor(String key) {
        return dbFor(perThread.get(), key);
    }

    private static Db dbFor(Db[] dbs, String key) {
        if (dbs.length == 1) {
            return dbs[0];
        }
        Adler32 hash = new Adler32();
        hash.update(key.getBytes(StandardCharsets.UTF_8));
        return dbs[(int) (hash.getValue() % dbs.length)];
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Override
    public byte[] get(String key) {
        Db db = dbFor(key);
        try {
            db.select.setString(1, key);
            try (ResultSet row = db.select.executeQuery()) {
                return row.next() ? row.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("get " + key, e);
        }
    }

    /** Overwrite in place; a key that is not there is inserted (not measured: puts overwrite). */
    @Override
    public void put(String key, byte[] value) {
        Db db = dbFor(key);
        try {
            double now = now();
            db.update.setBytes(1, value);
            db.update.setDouble(2, now);
            db.update.setString(3, key);
            if (db.update.executeUpdate() == 0) {
                insert(db, key, value, now);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("put " + key, e);
        }
    }

    /** BEGIN IMMEDIATE, SELECT, UPDATE, COMMIT: the floor of an atomic read-modify-write. */
    @Override
    public void update(String key, byte[] value) {
        Db db = dbFor(key);
        try {
            db.begin.execute();
            try {
                db.select.setString(1, key);
                try (ResultSet row = db.select.executeQuery()) {
                    row.next();
                    row.getBytes(1);
                }
                db.update.setBytes(1, value);
                db.update.setDouble(2, now());
                db.update.setString(3, key);
                db.update.executeUpdate();
                db.commit.execute();
            } catch (SQLException | RuntimeException e) {
                db.rollback.execute();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("update " + key, e);
        }
    }

    @Override
    public void remove(String key) {
        Db db = dbFor(key);
        try {
            db.delete.setString(1, key);
            db.delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("remove " + key, e);
        }
    }

    /** One DELETE and one INSERT, each in autocommit. */
    @Override
    public void removeThenPut(String key, byte[] value) {
        Db db = dbFor(key);
        try {
            db.delete.setString(1, key);
            db.delete.executeUpdate();
            insert(db, key, value, now());
        } catch (SQLException e) {
            throw new IllegalStateException("remove+put " + key, e);
        }
    }

    private static void insert(Db db, String key, byte[] value, double now) throws SQLException {
        db.insert.setString(1, key);
        db.insert.setDouble(2, now);
        db.insert.setDouble(3, now);
        db.insert.setBytes(4, value);
        db.insert.executeUpdate();
    }

    /** Plain inserts, one transaction per {@value #LOAD_BATCH} rows per file. */
    @Override
    public void load(String[] keys, byte[][] values) {
        Db[] dbs = perThread.get();
        try {
            double now = now();
            int[] pending = new int[dbs.length];
            for (int i = 0; i < keys.length; i++) {
                Db db = dbFor(dbs, keys[i]);
                int index = indexOf(dbs, db);
                if (pending[index] == 0) {
                    db.connection.setAutoCommit(false);
                }
                insert(db, keys[i], values[i % values.length], now);
                if (++pending[index] == LOAD_BATCH) {
                    db.connection.commit();
                    db.connection.setAutoCommit(true);
                    pending[index] = 0;
                }
            }
            for (int index = 0; index < dbs.length; index++) {
                if (pending[index] > 0) {
                    dbs[index].connection.commit();
                    dbs[index].connection.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading", e);
        }
    }

    private static int indexOf(Db[] dbs, Db db) {
        for (int i = 0; i < dbs.length; i++) {
            if (dbs[i] == db) {
                return i;
            }
        }
        throw new IllegalArgumentException();
    }

    @Override
    public void close() {
        synchronized (opened) {
            for (Db[] dbs : opened) {
                for (Db db : dbs) {
                    if (db != null) {
                        db.close();
                    }
                }
            }
            opened.clear();
        }
    }

    private static final class Db {
        final Connection connection;
        final PreparedStatement select;
        final PreparedStatement update;
        final PreparedStatement insert;
        final PreparedStatement delete;
        final PreparedStatement begin;
        final PreparedStatement commit;
        final PreparedStatement rollback;

        /** With {@code create}, sets the file up (first connection); else only the per-connection PRAGMAs. */
        Db(Path file, boolean create) throws SQLException {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                for (String pragma : create ? PRAGMAS : CONNECTION_PRAGMAS) {
                    statement.execute(pragma); // auto_vacuum and journal_mode before the first table
                }
                if (create) {
                    connection.setAutoCommit(false);
                    for (String ddl : SCHEMA) {
                        statement.execute(ddl);
                    }
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            }
            select = connection.prepareStatement(SELECT);
            update = connection.prepareStatement(UPDATE);
            insert = connection.prepareStatement(INSERT);
            delete = connection.prepareStatement(DELETE);
            begin = connection.prepareStatement("BEGIN IMMEDIATE");
            commit = connection.prepareStatement("COMMIT");
            rollback = connection.prepareStatement("ROLLBACK");
        }

        void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a benchmark fixture; nothing to do
            }
        }
    }
}
