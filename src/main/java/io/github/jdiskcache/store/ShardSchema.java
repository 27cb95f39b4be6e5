package io.github.jdiskcache.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * diskcache 5.x's schema. Trigger bodies use single-quoted string literals: diskcache writes
 * {@code "count"}, which only works while SQLite accepts double-quoted strings (DQS), so databases
 * created by Python get their triggers rewritten on open.
 */
final class ShardSchema {
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

    private ShardSchema() {
    }
}
