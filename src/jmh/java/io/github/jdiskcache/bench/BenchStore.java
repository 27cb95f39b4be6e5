package io.github.jdiskcache.bench;

/**
 * The store under test, reduced to what the workloads need: String keys, byte[] values. One
 * implementation per store ({@link BenchStores} names them), so every benchmark shares the same
 * workload code and a new store (JCache, Ehcache, Caffeine, ...) is one more implementation.
 *
 * <p>Implementations must be safe for as many threads as the benchmark runs; the single-threaded
 * ones say so.
 */
public interface BenchStore extends AutoCloseable {
    /** The value, or null on a miss. */
    byte[] get(String key);

    /** Stores (inserts or overwrites) the value. */
    void put(String key, byte[] value);

    /**
     * One atomic read-modify-write of an existing entry: reads its value and replaces it with
     * {@code value}, atomic across threads and processes (JCache: {@code invoke} with an entry
     * processor; the sqlite floor: SELECT and UPDATE in one {@code BEGIN IMMEDIATE} transaction).
     */
    void update(String key, byte[] value);

    /** Removes the entry if present. */
    void remove(String key);

    /**
     * The remove+put workload step: removes the entry, then stores it again (a delete and an
     * insert). The sqlite floor overrides it to issue exactly one DELETE and one INSERT.
     */
    default void removeThenPut(String key, byte[] value) {
        remove(key);
        put(key, value);
    }

    /**
     * Inserts {@code keys[i] -> values[i % values.length]} for every key, before measuring. Stores
     * that can batch writes (one transaction per few thousand rows) override this.
     */
    default void load(String[] keys, byte[][] values) {
        for (int i = 0; i < keys.length; i++) {
            put(keys[i], values[i % values.length]);
        }
    }

    @Override
    void close();
}
