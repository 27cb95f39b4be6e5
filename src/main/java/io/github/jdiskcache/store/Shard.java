package io.github.jdiskcache.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
 * database, {@link TransactionRunner} runs reads and writes, {@link RowStore} reads and writes the
 * row of a key, {@link Culler} removes rows in bulk, {@link ShardQueue} and {@link KeyPages} serve
 * queues and iteration, {@link ShardCheck} checks and repairs.
 */
public final class Shard implements AutoCloseable {
    public static final String DATABASE_FILE = "cache.db";
    /** Prefix of the warnings {@link #check} gives for SQLite integrity errors. */
    public static final String INTEGRITY_WARNING = "integrity: ";
    /** Named so that diskcache's check() (which skips paths containing "cache.db") ignores it. */
    static final String INIT_LOCK_FILE = "cache.db.jdiskcache-init.lock";
    private static final String COUNT_READ = "UPDATE Settings SET value = value + 1 WHERE key = ?";

    private final Path directory;
    private final Path databaseFile;
    private final StoreOptions options;
    private final boolean readOnly;
    private final ConnectionPool pool;
    private final WriteGate gate;
    private final Disk disk;
    private final LiveSettings settings;
    private final TransactionRunner transactions;
    private final RowStore rows;
    private final Culler culler;
    private final ShardQueue queue;
    private final KeyPages keyPages;
    private final ShardCheck check;
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
            this.disk = new Disk(directory, options.serializer(), opened.minFileSize(), options.permissions());
            this.settings = new LiveSettings(opened, disk);
            this.transactions = new TransactionRunner(directory, databaseFile, options, pool, gate, disk, settings,
                    errors, readOnly);
            this.rows = new RowStore(databaseFile, disk, transactions);
            long pageSize = transactions.read(connection -> Sql.queryLong(connection.prepare("PRAGMA page_size")));
            this.culler = new Culler(transactions, settings, pageSize);
            this.queue = new ShardQueue(transactions, rows, culler, disk, this::now);
            this.keyPages = new KeyPages(databaseFile, transactions, disk, this::now);
            this.check = new ShardCheck(directory, databaseFile, options, transactions, errors);
        } catch (RuntimeException e) {
            pool.close();
            gate.release();
            throw e;
        }
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
        AccessMode access = effectiveAccess(directory, options);
        if (access.isReadOnly()) {
            if (!Files.isRegularFile(directory.resolve(DATABASE_FILE))) {
                throw new ReadOnlyCacheException("cache directory " + directory + " holds no cache, and opened read-only"
                        + " it cannot create one");
            }
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
        return new Shard(directory, explicit, options, AccessMode.READ_WRITE);
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
        Instant instant = options.clock().instant();
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    // ---------------------------------------------------------------- transactions

    /**
     * Runs {@code body} holding this shard's write lock in one SQLite transaction: every operation
     * on this shard inside it, from this thread, is part of it, and it commits or rolls back as a
     * whole. Nestable; a transaction belongs to one thread.
     */
    public <T> T transact(Supplier<T> body) {
        Objects.requireNonNull(body, "body");
        return transactions.write(null, transaction -> body.get());
    }

    public boolean inTransaction() {
        return transactions.inTransaction();
    }

    // ---------------------------------------------------------------- single-key operations

    public Object get(Object key) {
        DbKey encoded = encoded(key);
        Settings current = settings.get();
        // Read-only, a read records nothing: counting it would be a write that must fail.
        return !readOnly && (current.statistics() || current.evictionPolicy().readUpdatesRow())
                ? getCounted(encoded, current) : rows.liveValue(encoded, now());
    }

    /** A read that must write: hit/miss counters or the eviction policy's access column. */
    private Object getCounted(DbKey key, Settings current) {
        double now = now();
        EvictionPolicy policy = current.evictionPolicy();
        return transactions.write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            Row row = rows.liveEntryRow(connection, key, now);
            List<RowStore.Damage> damage = new ArrayList<>();
            Object value = row == null ? null : rows.decode(row, damage);
            for (RowStore.Damage damaged : damage) {
                rows.removeDamaged(transaction, key, damaged);
            }
            if (current.statistics()) {
                PreparedStatement count = connection.prepare(COUNT_READ);
                count.setString(1, value == null ? "misses" : "hits");
                count.executeUpdate();
            }
            if (value != null && policy.readUpdatesRow()) {
                RowStore.recordRead(connection, row.rowid(), policy, now);
            }
            return value;
        });
    }

    /** The live entry with its expiry time and tag, or null. */
    public StoredEntry getEntry(Object key) {
        return rows.liveEntry(encoded(key), now());
    }

    /**
     * The entry under {@code key} whether or not it has expired (compare its expire time with
     * {@link #now()}), or null. Never counts statistics or updates access columns.
     */
    public StoredEntry lookup(Object key) {
        return rows.anyEntry(encoded(key));
    }

    /**
     * Like {@link #lookup}, for a caller that uses the value: a live entry's read is recorded
     * for the eviction policies that rank by reads (LRU's access time, LFU's count), unless read-only.
     */
    public StoredEntry use(Object key) {
        DbKey encoded = encoded(key);
        StoredEntry entry = rows.anyEntry(encoded);
        EvictionPolicy policy = settings.get().evictionPolicy();
        double now = now();
        if (!readOnly && entry != null && policy.readUpdatesRow()
                && Liveness.isLive(entry.expireTime(), now)) {
            transactions.write(null, transaction -> {
                RowStore.recordRead(transaction.connection(), encoded, policy, now);
                return null;
            });
        }
        return entry;
    }

    /**
     * Opens the value as a stream; values kept in files are streamed from disk, not loaded whole.
     * Returns null on a miss.
     */
    public InputStream openStream(Object key) {
        return rows.liveStream(encoded(key), now());
    }

    /**
     * Whether a live entry exists whose value this process can read. Native values (text, bytes,
     * numbers) need no decoding; a serialized object is deserialized to know, and a Python pickle
     * or an object this process cannot read is not contained, as {@link #get} would miss it.
     */
    public boolean contains(Object key) {
        return rows.containsReadable(encoded(key), now());
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
        DbKey encoded = encoded(key);
        double now = now();
        Double expireTime = expireTime(now, expireSeconds);
        checkTag(tag);
        StoredValue stored = storeChecked(encoded, value);
        transactions.write(stored.filename(), transaction -> {
            Row existing = rows.writeTarget(transaction.connection(), encoded);
            long rowid = RowStore.writeRow(transaction, existing, encoded, stored, now, expireTime, tag);
            culler.afterWrite(transaction, now, rowid);
            return null;
        });
    }

    /** Stores a stream's bytes in a value file (never inline), like Python's {@code set(read=True)}. */
    public void setStream(Object key, InputStream in, Double expireSeconds, Object tag) {
        DbKey encoded = encoded(key);
        checkTag(tag);
        StoredValue stored = disk.storeStream(in);
        checkFits(encoded, stored);
        double now = now();
        Double expireTime = expireTime(now, expireSeconds);
        transactions.write(stored.filename(), transaction -> {
            Row existing = rows.writeTarget(transaction.connection(), encoded);
            long rowid = RowStore.writeRow(transaction, existing, encoded, stored, now, expireTime, tag);
            culler.afterWrite(transaction, now, rowid);
            return null;
        });
    }

    public boolean add(Object key, Object value) {
        return add(key, value, null, null);
    }

    /** Stores the entry only if no live entry has the key; exactly one concurrent add of a key wins. */
    public boolean add(Object key, Object value, Double expireSeconds, Object tag) {
        DbKey encoded = encoded(key);
        checkTag(tag);
        StoredValue stored = storeChecked(encoded, value);
        double now = now();
        Double expireTime = expireTime(now, expireSeconds);
        return transactions.write(stored.filename(), transaction -> {
            Row existing = rows.writeTarget(transaction.connection(), encoded);
            if (existing != null && existing.isLive(now)) {
                transaction.deleteOnCommit(stored.filename());
                return false;
            }
            long rowid = RowStore.writeRow(transaction, existing, encoded, stored, now, expireTime, tag);
            culler.afterWrite(transaction, now, rowid);
            return true;
        });
    }

    /**
     * Reads the entry under {@code key} (expired or not; null when absent), lets {@code decide}
     * choose what happens to it, and applies that, all in one write transaction: a
     * read-modify-write that is atomic across threads and processes, costing a single lookup.
     * {@code decide} runs while the shard's write lock is held; keep it short.
     */
    public void compute(Object key, Function<CurrentEntry, EntryChange> decide) {
        DbKey encoded = encoded(key);
        transactions.write(null, transaction -> {
            Row found = rows.entryRow(transaction.connection(), encoded);
            List<RowStore.Damage> damage = new ArrayList<>();
            CurrentEntry current = found == null ? null
                    : new CurrentEntry(found.expireTime(), found.tag(), () -> rows.decoded(found, damage));
            EntryChange change = decide.apply(current);
            Row row = found;
            for (RowStore.Damage damaged : damage) {
                rows.removeDamaged(transaction, encoded, damaged);
                row = null;
            }
            apply(transaction, encoded, row, change);
            return null;
        });
    }

    private void apply(Transaction transaction, DbKey key, Row row, EntryChange change) throws SQLException {
        PooledConnection connection = transaction.connection();
        switch (change.kind()) {
            case KEEP -> {
                // Nothing to write.
            }
            case DELETE -> {
                if (row != null) {
                    RowStore.deleteRow(connection, row.rowid());
                    transaction.deleteOnCommit(row.filename());
                }
            }
            case EXPIRE_AT -> {
                if (row != null) {
                    RowStore.setExpireTime(connection, row.rowid(), change.expireTime());
                }
            }
            case SET -> {
                checkTag(change.tag());
                // Written inside the transaction here: the value is only known once the decision is made.
                StoredValue stored = storeChecked(key, change.value());
                transaction.deleteOnRollback(stored.filename());
                double now = now();
                long rowid = RowStore.writeRow(transaction, row, key, stored, now, change.expireTime(), change.tag());
                culler.afterWrite(transaction, now, rowid);
            }
        }
    }

    /** Sets a live entry's expiry (null: never) without touching its value; false if there is none. */
    public boolean touch(Object key, Double expireSeconds) {
        double now = now();
        return touchLive(encoded(key), expireTime(now, expireSeconds), now);
    }

    /** Sets a live entry's absolute expire time (epoch seconds; null: never). */
    public boolean touchAt(Object key, Double expireTime) {
        return touchLive(encoded(key), expireTime, now());
    }

    private boolean touchLive(DbKey key, Double expireTime, double now) {
        return transactions.write(null,
                transaction -> RowStore.touchLive(transaction.connection(), key, expireTime, now));
    }

    /** Removes and returns the live entry, or null. */
    public StoredEntry pop(Object key) {
        DbKey encoded = encoded(key);
        double now = now();
        return transactions.write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            Row row = rows.liveEntryRow(connection, encoded, now);
            if (row == null) {
                return null;
            }
            Decoded decoded = rows.decoded(row, new ArrayList<>());
            if (decoded instanceof Decoded.UnreadableHere) {
                return null; // a miss here; it stays for the readers that can read it
            }
            RowStore.deleteRow(connection, row.rowid());
            transaction.deleteOnCommit(row.filename());
            return decoded instanceof Decoded.Value found
                    ? new StoredEntry(encoded.original(), found.value(), row.expireTime(), row.tag()) : null;
        });
    }

    /**
     * Deletes the entry. Returns true if a live entry was deleted; an expired row is removed too
     * but reported as absent.
     */
    public boolean delete(Object key) {
        DbKey encoded = encoded(key);
        double now = now();
        return transactions.write(null, transaction -> RowStore.deleteKey(transaction, encoded, now));
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
        DbKey encoded = encoded(key);
        double now = now();
        EvictionPolicy policy = settings.get().evictionPolicy();
        return transactions.write(null, transaction -> {
            PooledConnection connection = transaction.connection();
            Row existing = rows.writeTarget(connection, encoded);
            if (existing == null || !existing.isLive(now)) {
                if (defaultValue == null) {
                    throw new NoSuchElementException("no entry for key " + encoded.original());
                }
                long result = Math.addExact(defaultValue, delta);
                StoredValue stored = new StoredValue(0, ValueMode.RAW, null, result, Long.BYTES);
                long rowid = RowStore.writeRow(transaction, existing, encoded, stored, now, null, null);
                culler.afterWrite(transaction, now, rowid);
                return result;
            }
            if (existing.mode() != ValueMode.RAW || !(Disk.normalize(existing.inline()) instanceof Long current)) {
                throw new IllegalStateException("value of key " + encoded.original() + " is not an integer");
            }
            long result = Math.addExact(current, delta);
            RowStore.writeInteger(connection, existing.rowid(), result, policy, now);
            return result;
        });
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
        checkTag(tag);
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
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The key as stored. {@link FanoutCache} encodes a key once to choose its shard and passes the
     * {@link DbKey} on (no caller outside the package can: the type is package-private), so every
     * operation encodes its key exactly once.
     */
    private DbKey encoded(Object key) {
        return key instanceof DbKey encoded ? encoded : disk.encodeKey(key);
    }

    private StoredValue storeChecked(DbKey key, Object value) {
        StoredValue stored = disk.store(value);
        checkFits(key, stored);
        return stored;
    }

    private void checkFits(DbKey key, StoredValue stored) {
        Settings current = settings.get();
        if (current.evictionPolicy().orderColumn() == null) {
            return;
        }
        long entryBytes = keyLength(key) + stored.encodedLength();
        if (entryBytes > current.sizeLimit()) {
            disk.remove(stored.filename());
            throw new EntryTooLargeException("entry of " + entryBytes + " bytes exceeds the size limit of "
                    + current.sizeLimit() + " bytes of shard " + directory + "; it would be evicted at once");
        }
    }

    private static long keyLength(DbKey key) {
        Object value = key.sqlValue();
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof String text) {
            return text.length();
        }
        return 8;
    }

    static void checkTag(Object tag) {
        if (tag != null && !(tag instanceof String || tag instanceof byte[] || tag instanceof Long
                || tag instanceof Double)) {
            throw new IllegalArgumentException("a tag must be a String, byte[], Long or Double, not "
                    + tag.getClass().getName());
        }
    }

    static Double expireTime(double now, Double expireSeconds) {
        if (expireSeconds == null) {
            return null;
        }
        if (expireSeconds.isNaN()) {
            throw new IllegalArgumentException("expire must be a number of seconds, not NaN");
        }
        return now + expireSeconds;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.close();
            gate.release();
        }
    }

    @Override
    public String toString() {
        return "Shard[" + directory + "]";
    }
}
