package io.github.jdiskcache.store;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Python diskcache's {@code FanoutCache}: {@code N} shards in {@code 000}…{@code NNN}, a key's shard
 * chosen by a hash of its encoded form exactly as diskcache chooses it, so a directory written by
 * either side is read by the other. Writers to different shards do not wait for each other.
 *
 * <p>Unlike Python's, the shard count and the total size limit are persisted
 * ({@link FanoutLayout}): reopening with another shard count is an error instead of keys routed
 * to the wrong shard, and reopening without a size limit keeps the one configured.
 */
public final class FanoutCache implements AutoCloseable {
    public static final int DEFAULT_SHARDS = 8;
    /** The file in a FanoutCache directory that records its layout; see {@link FanoutLayout}. */
    public static final String LAYOUT_FILE = "fanout.properties";
    /** The file whose record locks are the per-key leases of {@link #compute}; see {@link KeyLeases}. */
    public static final String LEASES_FILE = "leases.lock";

    /** Looked up when there is something to say: setting up logging is a cost of every cold start. */
    private static System.Logger log() {
        return System.getLogger(FanoutCache.class.getName());
    }

    private final Path directory;
    /** A null element is a shard that could not be opened; {@link #failures} says why. */
    private final AtomicReferenceArray<Shard> shards;
    private final AtomicReferenceArray<StoreException> failures;
    private final FanoutLayout layout;
    private final Settings shardSettings;
    private final StoreOptions options;
    /** Encodes keys to find their shard; it never touches files. */
    private final Disk keys;
    /** Null when read-only: nothing is written, so nothing needs a lease. */
    private final KeyLeases leases;
    /** The named sub-caches handed out so far, by folder, each opened once; closed with this cache. */
    private final ConcurrentMap<Path, Shard> named = new ConcurrentHashMap<>();
    /** Shards not opened yet are opened at their first use ({@link #openLazily}). */
    private final boolean lazy;
    private volatile boolean closed;

    private FanoutCache(Path directory, Shard[] opened, StoreException[] failed, FanoutLayout layout,
                        Settings shardSettings, StoreOptions options, KeyLeases leases, boolean lazy) {
        this.lazy = lazy;
        this.directory = directory;
        this.shards = new AtomicReferenceArray<>(opened);
        this.failures = new AtomicReferenceArray<>(failed);
        this.layout = layout;
        this.shardSettings = shardSettings;
        this.options = options;
        this.keys = new Disk(directory, options.serializer(), Long.MAX_VALUE, options.permissions(),
                options.picklePlainValues());
        // Python hashes a pickled key with shard 000's protocol; all shards of one cache share it.
        Arrays.stream(opened).filter(Objects::nonNull).findFirst()
                .ifPresent(shard -> keys.pickleProtocol(shard.settings().pickleProtocol()));
        this.leases = leases;
    }

    /** Opens with the persisted layout and settings, or diskcache's defaults for a new directory. */
    public static FanoutCache open(Path directory) {
        return open(directory, null, Settings.none(), StoreOptions.defaults());
    }

    /**
     * Opens (creating if needed) a FanoutCache.
     *
     * @param shardCount the number of shards, or null for the persisted (else the default) count
     * @param explicit   settings to persist; {@code size_limit} is the total over all shards
     * @throws IncompatibleLayoutException if {@code shardCount} differs from the directory's
     */
    public static FanoutCache open(Path directory, Integer shardCount, Settings explicit, StoreOptions options) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(explicit, "settings");
        Objects.requireNonNull(options, "options");
        if (shardCount != null && (shardCount < 1 || shardCount > 999)) {
            throw new IllegalArgumentException("shard count must be 1..999, got " + shardCount);
        }
        KeptNativeLibrary.useFrom(directory.toAbsolutePath().getParent());
        Long totalSizeLimit = explicit.get(Settings.SIZE_LIMIT) == null ? null : explicit.sizeLimit();
        AccessMode access = Shard.effectiveAccess(directory, options);
        boolean readOnly = access.isReadOnly();
        FanoutLayout layout = FanoutLayout.establish(directory, shardCount, totalSizeLimit, options.permissions(),
                readOnly);
        Shard.warnIfNetwork(directory, access);
        Shard[] shards = new Shard[layout.shards()];
        // The heap tier's budget is the cache's, shared out over its shards.
        StoreOptions shardOptions = options.withHeapBytes(options.heapBytes() / layout.shards());
        StoreException[] failures = new StoreException[layout.shards()];
        Settings shardSettings = layout.sizeLimit() == null ? explicit
                : withSizeLimit(explicit, layout.perShardSizeLimit());
        // A shard can wait for its first use (a get touches one of eight) when opening it now would
        // change nothing on disk: read-only, or every shard exists and this open brings no settings
        // of its own (the per-shard size limit it persists is the layout's, as every opener's was).
        // Shard 000 opens now (it says how keys are pickled), and all do when it fails or the total
        // size limit must be summed from the shards (Python's).
        boolean lazy = layout.sizeLimit() != null
                && (readOnly || explicit.asMap().isEmpty() && allShardsExist(directory, layout.shards()));
        try {
            for (int i = 0; i < shards.length; i++) {
                if (lazy && i > 0 && failures[0] == null) {
                    continue;
                }
                int index = i;
                shards[i] = openShard(directory, i, shardSettings, shardOptions, failure -> failures[index] = failure);
            }
            lazy = lazy && failures[0] == null;
            if (Arrays.stream(shards).allMatch(Objects::isNull)) {
                throw failures[0];
            }
        } catch (RuntimeException e) {
            for (Shard shard : shards) {
                if (shard != null) {
                    shard.close();
                }
            }
            throw e;
        }
        if (layout.sizeLimit() == null) {
            // A directory Python created: adopt the per-shard limits it persisted.
            long total = 0;
            for (Shard shard : shards) {
                total += shard == null ? 0 : shard.settings().sizeLimit();
            }
            layout = layout.recordSizeLimit(directory, total, options.permissions(), readOnly);
        }
        KeyLeases leases;
        try {
            leases = readOnly ? null : KeyLeases.open(directory.resolve(LEASES_FILE), options.permissions());
        } catch (RuntimeException e) {
            for (Shard shard : shards) {
                if (shard != null) {
                    shard.close();
                }
            }
            throw e;
        }
        return new FanoutCache(directory, shards, failures, layout, shardSettings, options, leases, lazy);
    }

    private static boolean allShardsExist(Path directory, int shards) {
        for (int i = 0; i < shards; i++) {
            if (!Files.isRegularFile(directory.resolve(FanoutLayout.shardName(i)).resolve(Shard.DATABASE_FILE))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Opens shard {@code index}, or returns null for a damaged one, logged and handed to
     * {@code damaged}: one damaged shard must not take the others down (its keys fail, the rest work).
     */
    private static Shard openShard(Path directory, int index, Settings shardSettings, StoreOptions shardOptions,
                                   Consumer<StoreException> damaged) {
        try {
            return Shard.open(directory.resolve(FanoutLayout.shardName(index)), shardSettings, shardOptions);
        } catch (LockTimeoutException | IncompatibleLayoutException | ReadOnlyCacheException e) {
            // Not damage to one shard but how the cache is opened: check(fix) cannot help.
            throw e;
        } catch (StoreException e) {
            log().log(System.Logger.Level.ERROR, "shard " + FanoutLayout.shardName(index) + " of " + directory
                    + " cannot be opened; its keys are unavailable until check(fix) repairs it", e);
            damaged.accept(e);
            return null;
        }
    }

    /**
     * Opens shard {@code index} at its first use, once: a failure is kept and thrown by every use
     * after, as for a shard that failed at {@link #open}. Null once closed.
     */
    private synchronized Shard openLazily(int index) {
        Shard shard = shards.get(index);
        if (shard != null || closed || failures.get(index) != null) {
            return shard;
        }
        shard = openShard(directory, index, shardSettings, options.withHeapBytes(options.heapBytes() / shards.length()),
                failure -> failures.set(index, failure));
        if (shard != null) {
            shards.set(index, shard);
        }
        return shard;
    }

    /** Shard {@code index} if it is open or opens now; null if it cannot be (see {@link #failures}) or is closed. */
    private Shard openedShard(int index) {
        Shard shard = shards.get(index);
        return shard == null && lazy ? openLazily(index) : shard;
    }

    private static Settings withSizeLimit(Settings explicit, long perShard) {
        Settings.Builder builder = Settings.builder();
        explicit.asMap().forEach(builder::set);
        return builder.sizeLimit(perShard).build();
    }

    public Path directory() {
        return directory;
    }

    /** The runtime options every shard was opened with. */
    public StoreOptions options() {
        return options;
    }

    public int shardCount() {
        return shards.length();
    }

    /** Total size limit over all shards, in bytes. */
    public long sizeLimit() {
        return layout.sizeLimit();
    }

    /**
     * The shards, in order (those not used yet are opened now); shard
     * {@code i} lives in directory {@code %03d}. A shard that could not be opened is left out (see
     * {@link #check}).
     */
    public List<Shard> shards() {
        List<Shard> open = new ArrayList<>();
        for (int i = 0; i < shards.length(); i++) {
            Shard shard = openedShard(i);
            if (shard != null) {
                open.add(shard);
            }
        }
        return Collections.unmodifiableList(open);
    }

    /** Shards open now, without opening any (for tests of this package). */
    int openShardCount() {
        int open = 0;
        for (int i = 0; i < shards.length(); i++) {
            open += shards.get(i) == null ? 0 : 1;
        }
        return open;
    }

    /** The shard that holds {@code key}. */
    public Shard shardFor(Object key) {
        return shardOf(encoded(key));
    }

    private Shard shard(int index) {
        Shard shard = openedShard(index);
        if (shard == null) {
            StoreException failure = failures.get(index);
            throw new BrokenShardException("shard " + FanoutLayout.shardName(index) + " of " + directory
                    + " cannot be used (" + (failure == null ? "closed" : failure.getMessage()) + "); repair it with"
                    + " check(true), e.g. java -jar jdiskcache-cli.jar check " + directory + " --fix", failure);
        }
        return shard;
    }

    private int indexOf(DbKey key) {
        return (int) (ShardHash.of(key) % shards.length());
    }

    /**
     * Encodes {@code key} once: the shard it chooses receives the {@link DbKey} (which carries the
     * original key too) in place of the key, and uses it without encoding again.
     */
    private DbKey encoded(Object key) {
        return keys.encodeKey(key);
    }

    private Shard shardOf(DbKey key) {
        return shard(indexOf(key));
    }

    // ---------------------------------------------------------------- named sub-caches

    /**
     * Python's {@code FanoutCache.cache(name)}: a shard of its own in {@code <dir>/cache/<name>}
     * ({@code /} in the name makes sub-folders), opened like Python's with diskcache's default
     * settings and this cache's options. The same shard for the same name until this cache closes.
     *
     * @throws IllegalArgumentException when a part of the name is empty, {@code .} or {@code ..}
     */
    public Shard cache(String name) {
        return named("cache", name, options);
    }

    /**
     * The shard under Python's {@code FanoutCache.deque(name)}, {@code <dir>/deque/<name>}, for the
     * persistent deque built on it (a layer above this one). Plain data is written as pickles
     * whatever this cache's options say, so that Python reads its items.
     */
    public Shard dequeShard(String name) {
        return named("deque", name, options.withPicklePlainValues(true));
    }

    /** The shard under Python's {@code FanoutCache.index(name)}, {@code <dir>/index/<name>}; as {@link #dequeShard}. */
    public Shard indexShard(String name) {
        return named("index", name, options.withPicklePlainValues(true));
    }

    private Shard named(String kind, String name, StoreOptions shardOptions) {
        Objects.requireNonNull(name, "name");
        Path folder = directory.resolve(kind);
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\\') >= 0
                    || part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("not a " + kind + " name (parts split by '/' must be non-empty"
                        + " folder names other than . and ..): '" + name + "'");
            }
            folder = folder.resolve(part);
        }
        // Python opens them with diskcache's defaults, not this cache's settings; so does this.
        return named.computeIfAbsent(folder, path -> Shard.open(path, Settings.none(),
                shardOptions.withHeapBytes(shardOptions.heapBytes() / shards.length())));
    }

    // ---------------------------------------------------------------- single-key operations

    public Object get(Object key) {
        DbKey encoded = encoded(key);
        return shardOf(encoded).get(encoded);
    }

    public StoredEntry getEntry(Object key) {
        DbKey encoded = encoded(key);
        return shardOf(encoded).getEntry(encoded);
    }

    /** The entry whether or not it has expired, recording a live entry's read; see {@link Shard#use}. */
    public StoredEntry use(Object key) {
        DbKey encoded = encoded(key);
        return shardOf(encoded).use(encoded);
    }

    /** The store clock's current time in epoch seconds. */
    public double now() {
        return options.now();
    }

    public InputStream openStream(Object key) {
        DbKey encoded = encoded(key);
        return shardOf(encoded).openStream(encoded);
    }

    public boolean contains(Object key) {
        DbKey encoded = encoded(key);
        return shardOf(encoded).contains(encoded);
    }

    public void set(Object key, Object value) {
        set(key, value, null, null);
    }

    public void set(Object key, Object value, Double expireSeconds, Object tag) {
        DbKey encoded = encoded(key);
        shardOf(encoded).set(encoded, value, expireSeconds, tag);
    }

    public boolean touchAt(Object key, Double expireTime) {
        DbKey encoded = encoded(key);
        return shardOf(encoded).touchAt(encoded, expireTime);
    }

    public void setStream(Object key, InputStream in, Double expireSeconds, Object tag) {
        DbKey encoded = encoded(key);
        shardOf(encoded).setStream(encoded, in, expireSeconds, tag);
    }

    public boolean add(Object key, Object value) {
        return add(key, value, null, null);
    }

    public boolean add(Object key, Object value, Double expireSeconds, Object tag) {
        DbKey encoded = encoded(key);
        return shardOf(encoded).add(encoded, value, expireSeconds, tag);
    }

    public boolean touch(Object key, Double expireSeconds) {
        DbKey encoded = encoded(key);
        return shardOf(encoded).touch(encoded, expireSeconds);
    }

    public StoredEntry pop(Object key) {
        DbKey encoded = encoded(key);
        return shardOf(encoded).pop(encoded);
    }

    public boolean delete(Object key) {
        DbKey encoded = encoded(key);
        return shardOf(encoded).delete(encoded);
    }

    public long incr(Object key, long delta, Long defaultValue) {
        DbKey encoded = encoded(key);
        return shardOf(encoded).incr(encoded, delta, defaultValue);
    }

    public long decr(Object key, long delta, Long defaultValue) {
        return incr(key, Math.negateExact(delta), defaultValue);
    }

    /**
     * See {@link Shard#compute}: one atomic read-decide-write of one entry, {@code decide} running
     * inside the write transaction, so it must be quick and run no one else's code. It first waits
     * for the key's lease held in this JVM ({@link #withLease}; see {@link #underLease}); a holder in
     * another process is not waited for: if this changes the entry it works on, it decides again,
     * as when Python writes (a lease across processes costs two system calls, a tenth of a put here).
     */
    public void compute(Object key, Function<CurrentEntry, EntryChange> decide) {
        underLease(encoded(key), false, (shard, encoded) -> shard.compute(encoded, decide));
    }

    /**
     * {@link #compute} without waiting for the key's lease, for cleanup on a read path that must not
     * wait behind a slow holder. Still atomic: a lease holder whose entry it changed decides again.
     */
    public void computeWithoutLease(Object key, Function<CurrentEntry, EntryChange> decide) {
        DbKey encoded = encoded(key);
        shardOf(encoded).compute(encoded, decide);
    }

    /**
     * See {@link Shard#computeOutsideTransaction}: {@code decide} runs holding no SQLite lock, under
     * the key's lease, so callers of {@link #computeOutsideTransaction} and {@link #withLease} on this
     * key, in any process, and of {@link #compute} in this JVM wait for it; writers that do not wait
     * for it (Python's diskcache, plain {@code set}/{@code delete}, {@link #compute} in another
     * process) can change the entry meanwhile, and then {@code decide} runs again on what they wrote.
     */
    public void computeOutsideTransaction(Object key, Function<CurrentEntry, EntryChange> decide) {
        underLease(encoded(key), true, (shard, encoded) -> shard.computeOutsideTransaction(encoded, decide));
    }

    /**
     * Runs {@code work} on the key's shard holding its lease (across processes, or in this JVM
     * only), unless read-only or this thread has a transaction open on that shard (waiting then
     * could hold that shard's writers up for as long as the lease is held).
     */
    private void underLease(DbKey encoded, boolean acrossProcesses, BiConsumer<Shard, DbKey> work) {
        Shard shard = shardOf(encoded);
        if (leases == null || shard.inTransaction()) {
            work.accept(shard, encoded);
            return;
        }
        try (KeyLeases.Lease ignored = acrossProcesses ? leases.acquire(encoded) : leases.acquireInThisProcess(encoded)) {
            work.accept(shard, encoded);
        }
    }

    /**
     * Runs {@code work} holding the lease of {@code key}: no other thread of any process holds it
     * meanwhile (it waits, however long {@code work} takes), and no SQLite lock is held. Leases are
     * reentrant, so {@code work} may call {@link #compute} on the same key. A lease is a record lock
     * in {@value #LEASES_FILE}: the holder's death frees it at once. Read-only, it just runs.
     */
    public <T> T withLease(Object key, Supplier<T> work) {
        if (leases == null) {
            return work.get();
        }
        try (KeyLeases.Lease ignored = leases.acquire(encoded(key))) {
            return work.get();
        }
    }

    /**
     * Runs {@code body} in one transaction on the shard of {@code key}: operations inside it on keys
     * of that shard are atomic together, across threads and processes.
     */
    public <T> T transact(Object key, Supplier<T> body) {
        return shardFor(key).transact(body);
    }

    // ---------------------------------------------------------------- aggregates

    /** Rows over all shards, expired ones included. */
    public long size() {
        return sum(Shard::size);
    }

    public long volume() {
        return sum(Shard::volume);
    }

    public Stats stats() {
        Stats total = new Stats(0, 0);
        for (Shard shard : shards()) {
            total = total.plus(shard.stats());
        }
        return total;
    }

    public Stats stats(boolean enable, boolean reset) {
        Stats total = new Stats(0, 0);
        for (Shard shard : shards()) {
            total = total.plus(shard.stats(enable, reset));
        }
        return total;
    }

    public long evictionCount() {
        return sumOfThisProcess(Shard::evictionCount);
    }

    /** Reads that missed a value this process cannot read, left on disk; see {@link Shard#unreadableReadCount()}. */
    public long unreadableReadCount() {
        return sumOfThisProcess(Shard::unreadableReadCount);
    }

    /** Damaged entries removed as misses; see {@link Shard#damagedEntryCount()}. */
    public long damagedEntryCount() {
        return sumOfThisProcess(Shard::damagedEntryCount);
    }

    /**
     * Checks every shard; with {@code fix}, repairs what it finds. A shard whose database cannot
     * be opened or fails SQLite's integrity check is, with {@code fix}, moved aside
     * ({@code cache.db.corrupt-<millis>}) and restarted empty: its entries are lost, the cache works
     * again. Run it while no other process uses the cache.
     */
    public List<String> check(boolean fix) {
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < shards.length(); i++) {
            String name = FanoutLayout.shardName(i);
            Shard shard = openedShard(i);
            boolean broken;
            if (shard == null) {
                StoreException failure = failures.get(i);
                warnings.add("shard " + name + " cannot be opened: " + (failure == null ? "closed" : failure.getMessage()));
                broken = true;
            } else {
                List<String> found;
                try {
                    found = shard.check(fix);
                    broken = found.stream().anyMatch(warning -> warning.startsWith(Shard.INTEGRITY_WARNING));
                } catch (StoreException e) {
                    found = List.of("shard " + name + " cannot be checked: " + e.getMessage());
                    broken = true;
                }
                warnings.addAll(found);
            }
            if (fix && broken) {
                warnings.add(restartEmpty(i));
            }
        }
        return warnings;
    }

    /** Moves a broken shard's database aside and opens a fresh one in its place. */
    private synchronized String restartEmpty(int index) {
        Shard old = shards.getAndSet(index, null);
        if (old != null) {
            old.close();
        }
        Path shardDirectory = directory.resolve(FanoutLayout.shardName(index));
        String suffix = ".corrupt-" + System.currentTimeMillis();
        try {
            for (String file : List.of(Shard.DATABASE_FILE, Shard.DATABASE_FILE + "-wal", Shard.DATABASE_FILE + "-shm")) {
                Path path = shardDirectory.resolve(file);
                if (java.nio.file.Files.exists(path)) {
                    java.nio.file.Files.move(path, shardDirectory.resolve(file + suffix));
                }
            }
        } catch (java.io.IOException e) {
            return "shard " + FanoutLayout.shardName(index) + " could not be moved aside: " + e;
        }
        Shard fresh = Shard.open(shardDirectory, shardSettings, options.withHeapBytes(options.heapBytes() / shards.length()));
        List<String> leftovers = fresh.check(true);
        shards.set(index, fresh);
        failures.set(index, null);
        return "shard " + FanoutLayout.shardName(index) + " restarted empty; its damaged database was kept as "
                + Shard.DATABASE_FILE + suffix + " (" + leftovers.size() + " orphaned value files removed)";
    }

    public long clear() {
        return sum(Shard::clear);
    }

    public long expire() {
        return sum(Shard::expire);
    }

    public long evict(Object tag) {
        return sum(shard -> shard.evict(tag));
    }

    public long cull() {
        return sum(Shard::cull);
    }

    public void createTagIndex() {
        shards().forEach(Shard::createTagIndex);
    }

    public void dropTagIndex() {
        shards().forEach(Shard::dropTagIndex);
    }

    /** Sums over the open shards; a broken shard's entries are unavailable until it is repaired. */
    private long sum(Function<Shard, Long> perShard) {
        long total = 0;
        for (Shard shard : shards()) {
            total += perShard.apply(shard);
        }
        return total;
    }

    /**
     * Sums a count of this process over the shards opened so far: one not opened yet has counted
     * nothing, and opening it to say so would undo the lazy open (JCache reads the eviction count
     * when it creates a cache).
     */
    private long sumOfThisProcess(Function<Shard, Long> perShard) {
        long total = 0;
        for (int i = 0; i < shards.length(); i++) {
            Shard shard = shards.get(i);
            total += shard == null ? 0 : perShard.apply(shard);
        }
        return total;
    }

    // ---------------------------------------------------------------- iteration

    /** Keys shard by shard, each in insertion order, expired ones included (diskcache's order). */
    public Iterator<Object> keys() {
        return chained(Shard::keys);
    }

    /** Keys of live entries, shard by shard; lazily paged. */
    public Iterator<Object> liveKeys() {
        return chained(Shard::liveKeys);
    }

    private Iterator<Object> chained(Function<Shard, Iterator<Object>> perShard) {
        List<Shard> open = shards();
        return new Iterator<>() {
            private int next;
            private Iterator<Object> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (next == open.size()) {
                        return false;
                    }
                    current = perShard.apply(open.get(next++));
                }
                return true;
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true; // no shard opens lazily from now on
        }
        boolean closing = false;
        for (int i = 0; i < shards.length(); i++) {
            Shard shard = shards.getAndSet(i, null);
            if (shard != null) {
                closing = true;
                shard.close();
            }
        }
        if (closing && leases != null) {
            leases.close();
        }
        named.values().forEach(Shard::close);
        named.clear();
    }

    @Override
    public String toString() {
        return "FanoutCache[" + directory + ", " + shards.length() + " shards]";
    }
}
