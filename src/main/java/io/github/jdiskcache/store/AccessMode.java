package io.github.jdiskcache.store;

/** What a process may do to the cache it opens; see {@link StoreOptions#access()}. */
public enum AccessMode {
    /** Read and write. A folder this process cannot write opens as {@link #READ_ONLY}. */
    READ_WRITE,
    /**
     * Never write: SQLite connections are read-only, opening creates, migrates and records
     * nothing, reads record nothing (no hit counts, no LRU/LFU access), and every write fails with
     * {@link ReadOnlyCacheException}. Every write other processes commit is seen: SQLite reads
     * their write-ahead log.
     */
    READ_ONLY,
    /**
     * {@link #READ_ONLY}, plus the caller's promise that no process changes the files while they
     * are open (SQLite's {@code immutable=1}): SQLite takes no locks and ignores the write-ahead
     * log, so writes of other processes, and any still in a log, are not seen. Only for caches on
     * media nothing writes, which SQLite otherwise cannot open from a folder this process cannot
     * write once the log files are gone.
     */
    IMMUTABLE;

    /** True for the modes that refuse every write. */
    public boolean isReadOnly() {
        return this != READ_WRITE;
    }
}
