package io.github.jdiskcache.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The persisted settings of one shard: the rows of diskcache's {@code Settings} table other than the
 * metadata counters. Effective settings are defaults, overridden by what the database holds,
 * overridden by what the opener set explicitly; explicit settings are written back, so they become
 * the defaults of every later opener (Python's and Java's alike).
 */
public final class Settings {
    public static final String STATISTICS = "statistics";
    public static final String TAG_INDEX = "tag_index";
    public static final String EVICTION_POLICY = "eviction_policy";
    public static final String SIZE_LIMIT = "size_limit";
    public static final String CULL_LIMIT = "cull_limit";
    public static final String SQLITE_AUTO_VACUUM = "sqlite_auto_vacuum";
    public static final String SQLITE_CACHE_SIZE = "sqlite_cache_size";
    public static final String SQLITE_JOURNAL_MODE = "sqlite_journal_mode";
    public static final String SQLITE_MMAP_SIZE = "sqlite_mmap_size";
    public static final String SQLITE_SYNCHRONOUS = "sqlite_synchronous";
    public static final String DISK_MIN_FILE_SIZE = "disk_min_file_size";
    public static final String DISK_PICKLE_PROTOCOL = "disk_pickle_protocol";

    /** diskcache's {@code sqlite_mmap_size}: 64 MiB. */
    static final long DISKCACHE_MMAP_SIZE = 1L << 26;
    /** diskcache's {@code sqlite_cache_size}: 8192 pages. */
    static final long DISKCACHE_CACHE_SIZE = 8192;

    /** Rows that are counters maintained by triggers and reads, not settings. */
    static final String[] METADATA = {"count", "size", "hits", "misses"};

    private static final Map<String, Object> DEFAULTS;

    static {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(STATISTICS, 0L);
        defaults.put(TAG_INDEX, 0L);
        defaults.put(EVICTION_POLICY, EvictionPolicy.LEAST_RECENTLY_STORED.settingValue());
        defaults.put(SIZE_LIMIT, 1L << 30);
        defaults.put(CULL_LIMIT, 10L);
        defaults.put(SQLITE_AUTO_VACUUM, 1L);
        defaults.put(SQLITE_CACHE_SIZE, DISKCACHE_CACHE_SIZE);
        defaults.put(SQLITE_JOURNAL_MODE, "wal");
        defaults.put(SQLITE_MMAP_SIZE, DISKCACHE_MMAP_SIZE);
        defaults.put(SQLITE_SYNCHRONOUS, 1L);
        defaults.put(DISK_MIN_FILE_SIZE, 1L << 15);
        // Python writes its highest pickle protocol; kept so a Python opener sees a familiar row.
        defaults.put(DISK_PICKLE_PROTOCOL, 5L);
        DEFAULTS = Collections.unmodifiableMap(defaults);
    }

    private final Map<String, Object> values;

    private Settings(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** No explicit settings: whatever the database holds, else the defaults. */
    public static Settings none() {
        return new Settings(Map.of());
    }

    public static Settings defaults() {
        return new Settings(DEFAULTS);
    }

    public static Builder builder() {
        return new Builder();
    }

    static boolean isKnown(String key) {
        return DEFAULTS.containsKey(key);
    }

    static boolean isMetadata(String key) {
        for (String metadata : METADATA) {
            if (metadata.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Defaults, then {@code persisted}, then these (explicit) settings. */
    Settings mergedOver(Map<String, Object> persisted) {
        Map<String, Object> merged = new LinkedHashMap<>(DEFAULTS);
        persisted.forEach((key, value) -> {
            if (!isMetadata(key)) {
                merged.put(key, value);
            }
        });
        merged.putAll(values);
        return new Settings(merged);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public Object get(String key) {
        return values.get(key);
    }

    public boolean statistics() {
        return longValue(STATISTICS) != 0;
    }

    public boolean tagIndex() {
        return longValue(TAG_INDEX) != 0;
    }

    public EvictionPolicy evictionPolicy() {
        return EvictionPolicy.fromSetting(String.valueOf(values.get(EVICTION_POLICY)));
    }

    public long sizeLimit() {
        return longValue(SIZE_LIMIT);
    }

    public long cullLimit() {
        return longValue(CULL_LIMIT);
    }

    public long minFileSize() {
        return longValue(DISK_MIN_FILE_SIZE);
    }

    /** The pickle protocol Python's diskcache writes with; pickled keys are found by their bytes, so Java uses it too. */
    public int pickleProtocol() {
        return (int) longValue(DISK_PICKLE_PROTOCOL);
    }

    /** SQLite's synchronous level: 0 OFF, 1 NORMAL (the default), 2 FULL, 3 EXTRA. */
    public int synchronous() {
        return (int) longValue(SQLITE_SYNCHRONOUS);
    }

    long longValue(String key) {
        Object value = values.get(key);
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalStateException("setting " + key + " is " + value + ", not a number");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Settings settings && settings.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Explicit settings; each setter validates its value so a typo never reaches the database. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder statistics(boolean enabled) {
            return put(STATISTICS, enabled ? 1L : 0L);
        }

        public Builder tagIndex(boolean enabled) {
            return put(TAG_INDEX, enabled ? 1L : 0L);
        }

        public Builder evictionPolicy(EvictionPolicy policy) {
            return put(EVICTION_POLICY, Objects.requireNonNull(policy, "policy").settingValue());
        }

        public Builder sizeLimit(long bytes) {
            return put(SIZE_LIMIT, positive(SIZE_LIMIT, bytes));
        }

        public Builder cullLimit(long rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("cull_limit must be >= 0, got " + rows);
            }
            return put(CULL_LIMIT, rows);
        }

        public Builder minFileSize(long bytes) {
            return put(DISK_MIN_FILE_SIZE, positive(DISK_MIN_FILE_SIZE, bytes));
        }

        public Builder synchronous(int level) {
            if (level < 0 || level > 3) {
                throw new IllegalArgumentException("sqlite_synchronous must be 0..3, got " + level);
            }
            return put(SQLITE_SYNCHRONOUS, (long) level);
        }

        public Builder cacheSizePages(long pages) {
            return put(SQLITE_CACHE_SIZE, pages);
        }

        public Builder mmapSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("sqlite_mmap_size must be >= 0, got " + bytes);
            }
            return put(SQLITE_MMAP_SIZE, bytes);
        }

        /** Any known setting by its diskcache name, e.g. from a properties file. */
        public Builder set(String key, Object value) {
            Objects.requireNonNull(value, key);
            switch (key) {
                case STATISTICS, TAG_INDEX -> put(key, parseLong(key, value) != 0 ? 1L : 0L);
                case EVICTION_POLICY -> evictionPolicy(EvictionPolicy.fromSetting(value.toString()));
                case SIZE_LIMIT -> sizeLimit(parseLong(key, value));
                case CULL_LIMIT -> cullLimit(parseLong(key, value));
                case DISK_MIN_FILE_SIZE -> minFileSize(parseLong(key, value));
                case SQLITE_SYNCHRONOUS -> synchronous((int) parseLong(key, value));
                case SQLITE_CACHE_SIZE -> cacheSizePages(parseLong(key, value));
                case SQLITE_MMAP_SIZE -> mmapSize(parseLong(key, value));
                case SQLITE_AUTO_VACUUM, DISK_PICKLE_PROTOCOL -> put(key, parseLong(key, value));
                case SQLITE_JOURNAL_MODE -> put(key, value.toString());
                default -> throw new IllegalArgumentException("unknown setting '" + key + "'; known settings: "
                        + DEFAULTS.keySet());
            }
            return this;
        }

        public Settings build() {
            return new Settings(values);
        }

        private Builder put(String key, Object value) {
            values.put(key, value);
            return this;
        }

        private static long positive(String key, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(key + " must be > 0, got " + value);
            }
            return value;
        }

        private static long parseLong(String key, Object value) {
            if (value instanceof Number number) {
                return number.longValue();
            }
            try {
                return Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'", e);
            }
        }
    }
}
