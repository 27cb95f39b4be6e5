package io.github.jdiskcache.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One SQLite shard: Python diskcache's {@code Cache}, a directory holding {@code cache.db} and the
 * files of large values. Every write is one {@code BEGIN IMMEDIATE} transaction, so each operation
 * is atomic across threads and processes; reads outside a transaction never block (WAL).
 *
 * <p>Thread-safe. Keys are String, byte[], Long, Double (stored natively, shared with Python) or
 * any type the {@link Serializer} handles; values likewise. Times are epoch seconds.
 *
 * <p>This class is the shard's API; the work is done by its parts: {@link ShardSchema} opens the
 * database, {@link TransactionRunner} runs reads and writes, {@link EntryOperations} carries out
 * the operations on one key with the {@link RowStore}, the only reader and writer of a key's row,
 * {@link Culler} removes rows in bulk, {@link ShardQueue} and {@link KeyPages} serve
 * queues and iteration, {@link ShardCheck} checks and repairs.
 */
public final class Shard implements AutoCloseable {
    public static final String DATABASE_FILE = "cache.db";
    /** Prefix of the warnings {@link #check} gives for SQLite integrity errors. */
    public static final String INTEGRITY_WARNING = "integrity: ";
    /** Named so that diskcache's check() (which skips paths containing "cache.db") ignores it. */
    static final String INIT_LOCK_FILE = "cache.db.jdiskcache-init.lock";

    private final Path directory;
    private final Path databaseFile;
    private final StoreOptions options;
    private final boolean readOnly;
    private final ConnectionPool pool;
    private final WriteGate gate;
    private final LiveSettings settings;
    private final TransactionRunner transactions;
    private final RowStore rows;
    private final Culler culler;
    private final EntryOperations entries;
    private final ShardQueue queue;
    private final KeyPages keyPages;
    private final ShardCheck check;
    /** Rows kept in the heap after a read; null when off or not possible (see {@link #openTier}). */
    private final HeapTier tier;
    private volatile boolean closed;

    private Shard(Path directory, Settings explicit, StoreOptions options, AccessMode access) {
        this.directory = directory;
        this.databaseFile = directory.resolve(DATABASE_FILE);
        this.options = options;
        this.readOnly = access.isReadOnly();
        this.pool = new ConnectionPool(databaseFile, options.maxConnections(), options.lockTimeoutMillis(), access);
        this.gate = WriteGate.acquire(databaseFile);
        try {
            SqliteErrors errors = new SqliteErrors(databaseFile);
            Settings opened = readOnly
                    ? ShardSchema.openReadOnly(directory, databaseFile, pool, explicit, options, errors)
                    : InitLock.holding(directory.resolve(INIT_LOCK_FILE), options.permissions(),
                            () -> ShardSchema.open(pool, explicit, options, errors));
            Disk disk = new Disk(directory, options.serializer(), opened.minFileSize(), options.permissions(),
                    options.picklePlainValues());
            this.settings = new LiveSettings(opened, disk);
            this.transactions = new TransactionRunner(directory, databaseFile, options, pool, gate, disk, settings,
                    errors, readOnly);
            this.rows = new RowStore(databaseFile, disk, transactions);
            long pageSize = transactions.read(connection -> Sql.queryLong(connection.prepare("PRAGMA page_size")));
            this.culler = new Culler(transactions, settings, pageSize);
            this.tier = openTier(databaseFile, options, access, pool, gate, transactions);
            this.entries = new EntryOperations(directory, disk, settings, transactions, rows, culler, this::now, tier);
            this.queue = new ShardQueue(transactions, rows, culler, disk, this::now);
            this.keyPages = new KeyPages(databaseFile, transactions, disk, this::now);
            this.check = new ShardCheck(directory, databaseFile, options, transactions, errors);
        } catch (RuntimeException e) {
            pool.close();
            gate.release();
            throw e;
        }
    }

    /**
     * The heap tier of a shard this process may write, in WAL mode (where every commit rewrites the
     * wal-index header it watches), with heap to spend; else null. A read-only process has none:
     * without write access it cannot keep the wal-index from being reset under it.
     */
    private static HeapTier openTier(Path databaseFile, StoreOptions options, AccessMode access, ConnectionPool pool,
                                     WriteGate gate, TransactionRunner transactions) {
        if (options.heapBytes() == 0 || access != AccessMode.READ_WRITE) {
            return null;
        }
        String journalMode = transactions.read(connection -> Sql.queryString(connection.prepare("PRAGMA journal_mode")));
        if (!"wal".equalsIgnoreCase(journalMode)) {
            return null; // a -shm file left from WAL days would never change again
        }
        // Kept open until the pool closes: while this process has the database open, no other can reset its wal-index.
        PooledConnection held = pool.openHeld();
        try {
            Sql.queryLong(held.prepare("PRAGMA user_version"));
        } catch (SQLException e) {
            throw new StoreException("cannot read " + databaseFile + ": " + e.getMessage(), e);
        }
        WalIndexHeader header = gate.walIndexHeader();
        if (header == null) {
            return null;
        }
        HeapTier tier = new HeapTier(header, options.heapBytes());
        transactions.tier(tier);
        return tier;
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
        KeptNativeLibrary.useFrom(directory.toAbsolutePath().getParent());
        AccessMode access = effectiveAccess(directory, options);
        if (access.isReadOnly()) {
            if (!Files.isRegularFile(directory.resolve(DATABASE_FILE))) {
                throw new ReadOnlyCacheException("cache directory " + directory + " holds no cache, and opened read-only"
                        + " it cannot create one");
            }
            warnIfNetwork(directory, access);
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
        warnIfNetwork(directory, access);
        return new Shard(directory, explicit, options, AccessMode.READ_WRITE);
    }

    /** An immutable open takes no locks and maps no shared memory: a network file system is fine for it. */
    static void warnIfNetwork(Path directory, AccessMode access) {
        if (access != AccessMode.IMMUTABLE) {
            NetworkFileSystems.warnIfNetwork(directory);
        }
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

    public Path directory() {
        return directory;
    }

    public Settings settings() {
        return settings.get();
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
        return rows.damagedEntryCount();
    }

    /**
     * Reads, since this shard was opened in this process, that met a value this process cannot read
     * (a class it lacks or that changed, a class its filter refuses, a Python pickle) and answered
     * a miss. Such values stay on disk for the readers that can read them; each cause is logged once.
     */
    public long unreadableReadCount() {
        return rows.unreadableReadCount();
    }

    /** Entries removed to respect the size limit since this shard was opened (in this process). */
    public long evictionCount() {
        return culler.evictionCount();
    }

    /** The store clock's current time in epoch seconds, the unit of every expire time. */
    public double now() {
        return options.now();
    }

    // ---------------------------------------------------------------- transactions

    /**
     * Runs {@code body} holding this shard's write lock in one SQLite transaction: every operation
     * on this shard inside it, from this thread, is part of it, and it commits or rolls back as a
     * whole. Nestable; a transaction belongs to one thread.
     */
    public <T> T transact(Supplier<T> body) {
        Objects.requireNonNull(body, "body");
        return transactions.writeDeclaredInside(transaction -> body.get());
    }

    public boolean inTransaction() {
        return transactions.inTransaction();
    }

    // ---------------------------------------------------------------- single-key operations

    public Object get(Object key) {
        return entries.get(key);
    }

    /** The live entry with its expiry time and tag, or null. */
    public StoredEntry getEntry(Object key) {
        return entries.getEntry(key);
    }

    /**
     * The entry under {@code key} whether or not it has expired (compare its expire time with
     * {@link #now()}), or null. Never counts statistics or updates access columns.
     */
    public StoredEntry lookup(Object key) {
        return entries.lookup(key);
    }

    /**
     * Like {@link #lookup}, for a caller that uses the value: a live entry's read is recorded
     * for the eviction policies that rank by reads (LRU's access time, LFU's count), unless read-only.
     */
    public StoredEntry use(Object key) {
        return entries.use(key);
    }

    /**
     * Opens the value as a stream; values kept in files are streamed from disk, not loaded whole.
     * Returns null on a miss.
     */
    public InputStream openStream(Object key) {
        return entries.openStream(key);
    }

    /**
     * Whether a live entry exists whose value this process can read. Native values (text, bytes,
     * numbers) need no decoding; a serialized object is deserialized to know, and a Python pickle
     * or an object this process cannot read is not contained, as {@link #get} would miss it.
     */
    public boolean contains(Object key) {
        return entries.contains(key);
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
        entries.set(key, value, expireSeconds, tag);
    }

    /** Stores a stream's bytes in a value file (never inline), like Python's {@code set(read=True)}. */
    public void setStream(Object key, InputStream in, Double expireSeconds, Object tag) {
        entries.setStream(key, in, expireSeconds, tag);
    }

    /**
     * Python's {@code cache.add(key, None, expire, tag)}, which its {@code Lock} and
     * {@code memoize_stampede} use: the row holds the pickle of None at the shard's pickle protocol
     * (mode PICKLE), whatever {@code picklePlainValues} says. Read back it is a miss: {@code get},
     * {@code getEntry} and {@code lookup} return null (as Python's {@code get} returns None for both),
     * {@code contains} is false (Python's {@code key in cache} is true); {@code compute} sees the row.
     */
    public boolean addNone(Object key, Double expireSeconds, Object tag) {
        return entries.add(key, PythonNone.VALUE, expireSeconds, tag);
    }

    public boolean add(Object key, Object value) {
        return add(key, value, null, null);
    }

    /** Stores the entry only if no live entry has the key; exactly one concurrent add of a key wins. */
    public boolean add(Object key, Object value, Double expireSeconds, Object tag) {
        return entries.add(key, value, expireSeconds, tag);
    }

    /**
     * Reads the entry under {@code key} (expired or not; null when absent), lets {@code decide}
     * choose what happens to it, and applies that, all in one write transaction: a
     * read-modify-write that is atomic across threads and processes, costing a single lookup.
     * {@code decide} runs while the shard's write lock is held; keep it short.
     */
    public void compute(Object key, Function<CurrentEntry, EntryChange> decide) {
        entries.compute(key, decide);
    }

    /**
     * {@link #compute} for a decision that may be slow or run someone else's code: the row is read,
     * {@code decide} runs holding no SQLite lock (writers of other keys go on), and its change is
     * committed only if the row is still the version it saw; otherwise {@code decide} runs again on
     * the row found then. So it is atomic like {@link #compute}, but {@code decide} may run more
     * than once: keep its side effects repeatable. A decision that changes nothing writes nothing.
     * Inside an open transaction it is {@link #compute}.
     */
    public void computeOutsideTransaction(Object key, Function<CurrentEntry, EntryChange> decide) {
        entries.computeOutsideTransaction(key, decide);
    }

    /** Sets a live entry's expiry (null: never) without touching its value; false if there is none. */
    public boolean touch(Object key, Double expireSeconds) {
        return entries.touch(key, expireSeconds);
    }

    /** Sets a live entry's absolute expire time (epoch seconds; null: never). */
    public boolean touchAt(Object key, Double expireTime) {
        return entries.touchAt(key, expireTime);
    }

    /** Removes and returns the live entry, or null. */
    public StoredEntry pop(Object key) {
        return entries.pop(key);
    }

    /**
     * Deletes the entry. Returns true if a live entry was deleted; an expired row is removed too
     * but reported as absent.
     */
    public boolean delete(Object key) {
        return entries.delete(key);
    }

    /**
     * Adds {@code delta} to the integer stored under {@code key} and returns the result. A missing
     * (or expired) key starts from {@code defaultValue}; with a null default a missing key throws.
     *
     * @throws NoSuchElementException if the key is missing and {@code defaultValue} is null
     * @throws IllegalStateException  if the stored value is not an integer
     * @throws ArithmeticException    on 64-bit overflow
     */
    public long incr(Object key, long delta, Long defaultValue) {
        return entries.incr(key, delta, defaultValue);
    }

    public long decr(Object key, long delta, Long defaultValue) {
        return incr(key, Math.negateExact(delta), defaultValue);
    }

    // ---------------------------------------------------------------- queue operations

    /** Where {@link #push}, {@link #pull} and {@link #peek} work: the back or the front of a queue. */
    public enum Side { FRONT, BACK }

    /** A key and value taken from a queue. */
    public record QueueItem(Object key, Object value) {
    }

    /**
     * Appends {@code value} under a generated key: an integer, or {@code prefix-NNNNNNNNNNNNNNN}
     * when a prefix is given. Returns the key. Keys grow from the middle of their range, so both
     * ends can be pushed to.
     */
    public Object push(Object value, String prefix, Side side, Double expireSeconds, Object tag) {
        return queue.push(value, prefix, side, expireSeconds, tag);
    }

    /** Removes and returns the first live item at {@code side} of the queue, or null; expired items met are dropped. */
    public QueueItem pull(String prefix, Side side) {
        return queue.take(prefix, side, true);
    }

    /** Returns the first live item at {@code side} without removing it; expired items met are dropped. */
    public QueueItem peek(String prefix, Side side) {
        return queue.take(prefix, side, false);
    }

    /**
     * The newest ({@code last}) or oldest live entry in insertion order, without removing it;
     * expired entries met on the way are deleted.
     *
     * @throws NoSuchElementException when the shard holds no live entry
     */
    public StoredEntry peekItem(boolean last) {
        return queue.peekItem(last);
    }

    // ---------------------------------------------------------------- iteration

    /** Keys in insertion order, expired ones included (as diskcache iterates); paged lazily. */
    public Iterator<Object> keys() {
        return keyPages.inInsertionOrder(false, false);
    }

    /** Keys in reverse insertion order, expired ones included. */
    public Iterator<Object> keysReversed() {
        return keyPages.inInsertionOrder(true, false);
    }

    /** Keys of live entries in insertion order; expiry is judged as each page is read. */
    public Iterator<Object> liveKeys() {
        return keyPages.inInsertionOrder(false, true);
    }

    /** Keys in SQLite's key order (numbers, then text, then blobs), expired ones included. */
    public Iterator<Object> sortedKeys(boolean reverse) {
        return keyPages.inKeyOrder(reverse);
    }

    // ---------------------------------------------------------------- aggregates

    /** Number of rows, expired ones included (diskcache's {@code len}). */
    public long size() {
        return transactions.read(connection -> ShardSchema.readCounter(connection, "count"));
    }

    /** Bytes on disk: database pages plus value files (WAL and directories excluded). */
    public long volume() {
        return culler.volume();
    }

    /**
     * Returns the hit and miss counters, then turns statistics on or off and optionally zeroes them.
     * Counting makes every read a write transaction.
     */
    public Stats stats(boolean enable, boolean reset) {
        Stats stats = transactions.write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            Stats current = new Stats(ShardSchema.readCounter(connection, "hits"),
                    ShardSchema.readCounter(connection, "misses"));
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
        return transactions.read(connection -> new Stats(ShardSchema.readCounter(connection, "hits"),
                ShardSchema.readCounter(connection, "misses")));
    }

    /** Deletes every expired entry; returns how many. Each batch is its own transaction. */
    public long expire() {
        return culler.expire(now());
    }

    /** Deletes every entry with {@code tag}; returns how many. Fast with the tag index. */
    public long evict(Object tag) {
        Objects.requireNonNull(tag, "tag");
        EntryOperations.checkTag(tag);
        return culler.evict(tag);
    }

    /** Deletes every entry; returns how many. Not atomic: writers may interleave between batches. */
    public long clear() {
        return culler.clear();
    }

    /**
     * Removes expired entries, then evicts in policy order while the volume exceeds the size limit.
     * Returns the number of entries removed (expired ones included).
     */
    public long cull() {
        return culler.cull(now());
    }

    /**
     * Verifies the database and the value files against each other and returns what is wrong.
     * With {@code fix}, repairs it: VACUUM, rows whose file is gone are deleted, wrong sizes and
     * counters corrected, unknown files and empty directories removed.
     */
    public List<String> check(boolean fix) {
        return check.check(fix);
    }

    public void createTagIndex() {
        transactions.write(null, transaction -> {
            transaction.connection().jdbc().createStatement().execute(ShardSchema.CREATE_TAG_INDEX);
            return null;
        });
        reset(Settings.TAG_INDEX, 1L);
    }

    public void dropTagIndex() {
        transactions.write(null, transaction -> {
            transaction.connection().jdbc().createStatement().execute(ShardSchema.DROP_TAG_INDEX);
            return null;
        });
        reset(Settings.TAG_INDEX, 0L);
    }

    // ---------------------------------------------------------------- settings

    /** Re-reads one setting from the database (another process may have changed it) and returns it. */
    public Object setting(String key) {
        Object value = transactions.read(connection -> {
            PreparedStatement select = connection.prepare(ShardSchema.SELECT_SETTING);
            select.setString(1, key);
            try (var row = select.executeQuery()) {
                return row.next() ? Disk.normalize(row.getObject(1)) : null;
            }
        });
        if (value != null && Settings.isKnown(key)) {
            Map<String, Object> updated = new HashMap<>(settings.get().asMap());
            updated.put(key, value);
            settings.changed(key, Settings.none().mergedOver(updated));
        }
        return value;
    }

    /** Changes a setting, persists it and applies it to this instance (and to PRAGMAs of every connection). */
    public void reset(String key, Object value) {
        Settings validated = Settings.builder().set(key, value).build();
        Object normalized = validated.get(key);
        transactions.write(null, transaction -> {
            PreparedStatement write = transaction.connection().prepare(ShardSchema.WRITE_SETTING);
            write.setString(1, key);
            Sql.bind(write, 2, normalized);
            write.executeUpdate();
            return null;
        });
        Map<String, Object> updated = new HashMap<>(settings.get().asMap());
        updated.put(key, normalized);
        settings.changed(key, Settings.none().mergedOver(updated));
        if (tier != null && key.equals(Settings.SQLITE_JOURNAL_MODE)) {
            tier.disable();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The heap tier, for tests of this package; null when off. */
    HeapTier heapTier() {
        return tier;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (tier != null) {
                tier.close();
            }
            pool.close();
            gate.release();
        }
    }

    @Override
    public String toString() {
        return "Shard[" + directory + "]";
    }
}
