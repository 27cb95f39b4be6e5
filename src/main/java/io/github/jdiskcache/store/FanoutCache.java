package io.github.jdiskcache.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
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

    private final Path directory;
    private final Shard[] shards;
    private final FanoutLayout layout;

    private FanoutCache(Path directory, Shard[] shards, FanoutLayout layout) {
        this.directory = directory;
        this.shards = shards;
        this.layout = layout;
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
        Long totalSizeLimit = explicit.get(Settings.SIZE_LIMIT) == null ? null : explicit.sizeLimit();
        FanoutLayout layout = FanoutLayout.establish(directory, shardCount, totalSizeLimit, options.permissions());
        Shard[] shards = new Shard[layout.shards()];
        try {
            for (int i = 0; i < shards.length; i++) {
                Settings shardSettings = layout.sizeLimit() == null ? explicit
                        : withSizeLimit(explicit, layout.perShardSizeLimit());
                shards[i] = Shard.open(directory.resolve(FanoutLayout.shardName(i)), shardSettings, options);
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
                total += shard.settings().sizeLimit();
            }
            layout = layout.recordSizeLimit(directory, total, options.permissions());
        }
        return new FanoutCache(directory, shards, layout);
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
        return shards[0].options();
    }

    public int shardCount() {
        return shards.length;
    }

    /** Total size limit over all shards, in bytes. */
    public long sizeLimit() {
        return layout.sizeLimit();
    }

    /** The shards, in order; shard {@code i} lives in directory {@code %03d}. */
    public List<Shard> shards() {
        return Collections.unmodifiableList(Arrays.asList(shards));
    }

    /** The shard that holds {@code key}. */
    public Shard shardFor(Object key) {
        return shards[indexOf(shards[0].encodeKey(key))];
    }

    private int indexOf(DbKey key) {
        return (int) (ShardHash.of(key) % shards.length);
    }

    private <T> T onShard(Object key, java.util.function.BiFunction<Shard, DbKey, T> operation) {
        DbKey encoded = shards[0].encodeKey(key);
        return operation.apply(shards[indexOf(encoded)], encoded);
    }

    // ---------------------------------------------------------------- single-key operations

    public Object get(Object key) {
        return onShard(key, Shard::getEncoded);
    }

    public StoredEntry getEntry(Object key) {
        return onShard(key, (shard, encoded) -> shard.getEntryEncoded(encoded, key));
    }

    /** The entry whether or not it has expired; see {@link Shard#lookup}. */
    public StoredEntry lookup(Object key) {
        return onShard(key, (shard, encoded) -> shard.lookupEncoded(encoded, key));
    }

    /** The store clock's current time in epoch seconds. */
    public double now() {
        return shards[0].now();
    }

    public InputStream openStream(Object key) {
        return shardFor(key).openStream(key);
    }

    public boolean contains(Object key) {
        return onShard(key, Shard::containsEncoded);
    }

    public void set(Object key, Object value) {
        set(key, value, null, null);
    }

    public void set(Object key, Object value, Double expireSeconds, Object tag) {
        onShard(key, (shard, encoded) -> {
            shard.setEncoded(encoded, value, expireSeconds, tag);
            return null;
        });
    }

    /** Stores with an absolute expire time (epoch seconds) or null for never. */
    public void setAt(Object key, Object value, Double expireTime, Object tag) {
        onShard(key, (shard, encoded) -> {
            shard.setAtEncoded(encoded, value, expireTime, tag, shard.now());
            return null;
        });
    }

    public boolean touchAt(Object key, Double expireTime) {
        return onShard(key, (shard, encoded) -> shard.touchAtEncoded(encoded, expireTime, shard.now()));
    }

    public void setStream(Object key, InputStream in, Double expireSeconds, Object tag) {
        shardFor(key).setStream(key, in, expireSeconds, tag);
    }

    public boolean add(Object key, Object value) {
        return add(key, value, null, null);
    }

    public boolean add(Object key, Object value, Double expireSeconds, Object tag) {
        return onShard(key, (shard, encoded) -> shard.addEncoded(encoded, value, expireSeconds, tag));
    }

    public boolean touch(Object key, Double expireSeconds) {
        return onShard(key, (shard, encoded) -> shard.touchEncoded(encoded, expireSeconds));
    }

    public StoredEntry pop(Object key) {
        return onShard(key, (shard, encoded) -> shard.popEncoded(encoded, key));
    }

    public boolean delete(Object key) {
        return onShard(key, Shard::deleteEncoded);
    }

    public long incr(Object key, long delta, Long defaultValue) {
        return onShard(key, (shard, encoded) -> shard.incrEncoded(encoded, key, delta, defaultValue));
    }

    public long decr(Object key, long delta, Long defaultValue) {
        return incr(key, Math.negateExact(delta), defaultValue);
    }

    /** See {@link Shard#compute}: one atomic read-decide-write of one entry. */
    public void compute(Object key, java.util.function.Function<CurrentEntry, EntryChange> decide) {
        onShard(key, (shard, encoded) -> {
            shard.computeEncoded(encoded, decide);
            return null;
        });
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
        for (Shard shard : shards) {
            total = total.plus(shard.stats());
        }
        return total;
    }

    public Stats stats(boolean enable, boolean reset) {
        Stats total = new Stats(0, 0);
        for (Shard shard : shards) {
            total = total.plus(shard.stats(enable, reset));
        }
        return total;
    }

    public long evictionCount() {
        return sum(Shard::evictionCount);
    }

    /** Damaged entries removed as misses; see {@link Shard#damagedEntryCount()}. */
    public long damagedEntryCount() {
        return sum(Shard::damagedEntryCount);
    }

    public List<String> check(boolean fix) {
        List<String> warnings = new ArrayList<>();
        for (Shard shard : shards) {
            warnings.addAll(shard.check(fix));
        }
        return warnings;
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
        for (Shard shard : shards) {
            shard.createTagIndex();
        }
    }

    public void dropTagIndex() {
        for (Shard shard : shards) {
            shard.dropTagIndex();
        }
    }

    private long sum(Function<Shard, Long> perShard) {
        long total = 0;
        for (Shard shard : shards) {
            total += perShard.apply(shard);
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
        return new Iterator<>() {
            private int next;
            private Iterator<Object> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (next == shards.length) {
                        return false;
                    }
                    current = perShard.apply(shards[next++]);
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
        for (Shard shard : shards) {
            shard.close();
        }
    }

    @Override
    public String toString() {
        return "FanoutCache[" + directory + ", " + shards.length + " shards]";
    }
}
