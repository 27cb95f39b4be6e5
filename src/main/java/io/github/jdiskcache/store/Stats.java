package io.github.jdiskcache.store;

/** Hit and miss counters as persisted in the Settings table (counted only while statistics are on). */
public record Stats(long hits, long misses) {
    public Stats plus(Stats other) {
        return new Stats(hits + other.hits, misses + other.misses);
    }
}
