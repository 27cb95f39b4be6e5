package io.github.jdiskcache.store;

import static io.github.jdiskcache.store.ShardFiles.column;
import static io.github.jdiskcache.store.ShardFiles.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.DirectorySnapshot;

class ShardSchemaTest {
    private static final List<String> TRIGGERS = List.of("Settings_count_delete", "Settings_count_insert",
            "Settings_size_delete", "Settings_size_insert", "Settings_size_update");

    @TempDir
    Path directory;

    /** Runs the schema opener on its own pool, as a shard does when it opens. */
    private Settings openSchema(Settings explicit, AccessMode access) {
        Path databaseFile = directory.resolve(Shard.DATABASE_FILE);
        StoreOptions options = StoreOptions.defaults();
        ConnectionPool pool = new ConnectionPool(databaseFile, 1, options.lockTimeoutMillis(), access);
        try {
            SqliteErrors errors = new SqliteErrors(databaseFile);
            return access.isReadOnly()
                    ? ShardSchema.openReadOnly(directory, databaseFile, pool, explicit, options, errors)
                    : ShardSchema.open(pool, explicit, options, errors);
        } finally {
            pool.close();
        }
    }

    private List<String> triggerSql() throws SQLException {
        List<String> sql = new ArrayList<>();
        try (Connection connection = connect(directory);
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
                sql.add(rows.getString(2));
            }
            assertEquals(TRIGGERS, names);
        }
        return sql;
    }

    /** The schema diskcache 5 creates, with its double-quoted literals in the triggers. */
    private void createAsPythonDoes() throws SQLException {
        try (Connection connection = connect(directory); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = wal");
            statement.execute("CREATE TABLE Settings ( key TEXT NOT NULL UNIQUE, value)");
            statement.execute("INSERT INTO Settings VALUES ('count', 0), ('size', 0), ('hits', 0), ('misses', 0),"
                    + " ('cull_limit', 7), ('eviction_policy', 'least-recently-stored')");
            statement.execute(ShardSchema.CACHE_TABLE);
            for (String index : ShardSchema.INDEXES.values()) {
                statement.execute(index);
            }
            statement.execute(ShardSchema.createPolicyIndex(EvictionPolicy.LEAST_RECENTLY_STORED));
            for (String sql : ShardSchema.TRIGGERS.values()) {
                statement.execute(sql.replace("'count'", "\"count\"").replace("'size'", "\"size\""));
            }
        }
        assertEquals(5, triggerSql().stream().filter(sql -> sql.contains("\"")).count());
    }

    @Test
    void aPythonMadeDatabaseGetsTriggersWithSingleQuotedLiteralsAndKeepsItsSettings() throws Exception {
        createAsPythonDoes();
        Settings opened = openSchema(Settings.none(), AccessMode.READ_WRITE);
        assertEquals(7, opened.cullLimit(), "Python's persisted settings stay");
        for (String sql : triggerSql()) {
            assertFalse(sql.contains("\""), sql);
        }
        try (Connection connection = connect(directory); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO Cache (key, raw, size, mode, value) VALUES ('k', 1, 5, 3, 'hello')");
            statement.execute("UPDATE Cache SET size = 8 WHERE key = 'k'");
        }
        assertEquals(1L, column(directory, "value", "Settings WHERE key = 'count'"));
        assertEquals(8L, column(directory, "value", "Settings WHERE key = 'size'"));
        try (Connection connection = connect(directory)) {
            connection.createStatement().execute("DELETE FROM Cache");
        }
        assertEquals(0L, column(directory, "value", "Settings WHERE key = 'count'"));
        assertEquals(0L, column(directory, "value", "Settings WHERE key = 'size'"));
    }

    @Test
    void theOpenerOverridesTheDatabaseWhichOverridesTheDefaults() throws Exception {
        openSchema(Settings.builder().cullLimit(3).sizeLimit(5_000).build(), AccessMode.READ_WRITE);
        try (Connection connection = connect(directory)) {
            connection.createStatement().execute("DELETE FROM Settings WHERE key = 'statistics'");
        }

        Settings opened = openSchema(Settings.builder().sizeLimit(6_000).build(), AccessMode.READ_WRITE);
        assertEquals(6_000, opened.sizeLimit(), "the opener's");
        assertEquals(3, opened.cullLimit(), "the database's");
        assertFalse(opened.statistics(), "the default, for a setting the database lacks");
        assertEquals(Settings.defaults().evictionPolicy(), opened.evictionPolicy());
        assertEquals(6_000L, column(directory, "value", "Settings WHERE key = 'size_limit'"), "persisted");
        assertEquals(0L, column(directory, "value", "Settings WHERE key = 'statistics'"), "persisted");

        Settings reopened = openSchema(Settings.none(), AccessMode.READ_WRITE);
        assertEquals(6_000, reopened.sizeLimit());
        assertEquals(3, reopened.cullLimit());
    }

    @Test
    void aReadOnlyOpenerAppliesItsSettingsToItselfAndWritesNothing() {
        openSchema(Settings.builder().cullLimit(3).build(), AccessMode.READ_WRITE);
        DirectorySnapshot before = DirectorySnapshot.of(directory);

        Settings opened = openSchema(Settings.builder().cullLimit(9).tagIndex(true)
                .evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED).build(), AccessMode.READ_ONLY);
        assertEquals(9, opened.cullLimit());
        assertEquals(EvictionPolicy.LEAST_RECENTLY_USED, opened.evictionPolicy());
        DirectorySnapshot.of(directory).assertUnchangedSince(before);

        Settings persisted = openSchema(Settings.none(), AccessMode.READ_ONLY);
        assertEquals(3, persisted.cullLimit());
        assertFalse(persisted.tagIndex());
    }

    @Test
    void aReadOnlyOpenerRefusesADatabaseWithoutSettings() throws Exception {
        try (Connection connection = connect(directory)) {
            connection.createStatement().execute(ShardSchema.SETTINGS_TABLE);
        }
        assertThrows(ReadOnlyCacheException.class, () -> openSchema(Settings.none(), AccessMode.READ_ONLY));
    }

    // Moved from ShardTest: the schema as a shard opens it.

    @Test
    void settingsMergeDefaultsPersistedAndExplicit() throws Exception {
        try (Shard shard = Shard.open(directory)) {
            assertEquals(Settings.defaults().asMap(), shard.settings().asMap());
        }
        Shard.open(directory, Settings.builder().cullLimit(3).evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED)
                .build(), StoreOptions.defaults()).close();
        try (Shard shard = Shard.open(directory)) {
            assertEquals(3, shard.settings().cullLimit());
            assertEquals(EvictionPolicy.LEAST_RECENTLY_USED, shard.settings().evictionPolicy());
        }
        assertEquals(1L, column(directory, "count(*)", "sqlite_master WHERE name = 'Cache_access_time'"));
        Shard.open(directory, Settings.builder().cullLimit(4).build(), StoreOptions.defaults()).close();
        assertEquals(4L, column(directory, "value", "Settings WHERE key = 'cull_limit'"));
        assertThrows(IllegalArgumentException.class, () -> Settings.builder().set("time_out", 10));
    }

    @Test
    void schemaMatchesDiskcacheWithSingleQuotedTriggers() throws Exception {
        Shard.open(directory).close();
        for (String sql : triggerSql()) {
            assertFalse(sql.contains("\""), sql);
        }
        assertEquals("wal", column(directory, "journal_mode", "pragma_journal_mode()"));
        assertEquals(1L, column(directory, "auto_vacuum", "pragma_auto_vacuum()"));
    }
}
