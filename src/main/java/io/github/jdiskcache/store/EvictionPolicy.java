package io.github.jdiskcache.store;

import java.util.Arrays;
import java.util.stream.Collectors;

/** diskcache's eviction policies: which rows the size limit removes first, and what a read must update. */
public enum EvictionPolicy {
    NONE("none", null, null, null),
    LEAST_RECENTLY_STORED("least-recently-stored", "Cache_store_time", "store_time", null),
    LEAST_RECENTLY_USED("least-recently-used", "Cache_access_time", "access_time", "access_time = ?"),
    LEAST_FREQUENTLY_USED("least-frequently-used", "Cache_access_count", "access_count", "access_count = access_count + 1");

    private final String settingValue;
    private final String indexName;
    private final String orderColumn;
    private final String readUpdate;

    EvictionPolicy(String settingValue, String indexName, String orderColumn, String readUpdate) {
        this.settingValue = settingValue;
        this.indexName = indexName;
        this.orderColumn = orderColumn;
        this.readUpdate = readUpdate;
    }

    /** The name stored in the Settings table, as Python's diskcache writes it. */
    public String settingValue() {
        return settingValue;
    }

    String indexName() {
        return indexName;
    }

    /** Column whose ascending order is the eviction order, or null when nothing is evicted for size. */
    String orderColumn() {
        return orderColumn;
    }

    /** SET clause a read hit must apply, or null when reads stay pure reads. */
    String readUpdate() {
        return readUpdate;
    }

    boolean readUpdatesRow() {
        return readUpdate != null;
    }

    boolean readUpdateTakesTime() {
        return this == LEAST_RECENTLY_USED;
    }

    public static EvictionPolicy fromSetting(String value) {
        for (EvictionPolicy policy : values()) {
            if (policy.settingValue.equals(value)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown eviction policy '" + value + "'; expected one of "
                + Arrays.stream(values()).map(EvictionPolicy::settingValue).collect(Collectors.joining(", ")));
    }
}
