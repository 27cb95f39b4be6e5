package io.github.jdiskcache.jcache.configuration;

import java.time.Duration;
import java.util.Objects;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;

import io.github.jdiskcache.store.EvictionPolicy;
import io.github.jdiskcache.store.Serializer;

/**
 * A JCache configuration with jdiskcache's own settings. Every setting left unset (null) falls
 * back to the manager's properties, then to what the cache persisted, then to diskcache's defaults.
 *
 * <pre>{@code
 * cacheManager.createCache("orders", new DiskCacheConfiguration<String, Order>()
 *         .setTypes(String.class, Order.class)
 *         .setSizeLimit(512L << 20)
 *         .setEvictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED));
 * }</pre>
 */
public class DiskCacheConfiguration<K, V> extends MutableConfiguration<K, V> {
    private static final long serialVersionUID = 1L;

    private Integer shards;
    private Long sizeLimit;
    private EvictionPolicy evictionPolicy;
    private Long cullLimit;
    private Long minFileSize;
    private Duration lockTimeout;
    /** Not kept with the cache (transient): each process spends its own heap. */
    private transient Long heapBytes;
    private Factory<? extends Serializer> serializerFactory;

    public DiskCacheConfiguration() {
    }

    public DiskCacheConfiguration(CompleteConfiguration<K, V> configuration) {
        super(configuration);
        if (configuration instanceof DiskCacheConfiguration<K, V> disk) {
            shards = disk.shards;
            sizeLimit = disk.sizeLimit;
            evictionPolicy = disk.evictionPolicy;
            cullLimit = disk.cullLimit;
            minFileSize = disk.minFileSize;
            lockTimeout = disk.lockTimeout;
            heapBytes = disk.heapBytes;
            serializerFactory = disk.serializerFactory;
        }
    }

    @Override
    public DiskCacheConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
        super.setTypes(keyType, valueType);
        return this;
    }

    public Integer getShards() {
        return shards;
    }

    /** Number of SQLite shards; fixed once the cache exists on disk. */
    public DiskCacheConfiguration<K, V> setShards(int shards) {
        if (shards < 1 || shards > 999) {
            throw new IllegalArgumentException("shards must be 1..999, got " + shards);
        }
        this.shards = shards;
        return this;
    }

    public Long getSizeLimit() {
        return sizeLimit;
    }

    /** Total bytes on disk over all shards before the eviction policy removes entries. */
    public DiskCacheConfiguration<K, V> setSizeLimit(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("sizeLimit must be > 0, got " + bytes);
        }
        this.sizeLimit = bytes;
        return this;
    }

    public EvictionPolicy getEvictionPolicy() {
        return evictionPolicy;
    }

    public DiskCacheConfiguration<K, V> setEvictionPolicy(EvictionPolicy policy) {
        this.evictionPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    public Long getCullLimit() {
        return cullLimit;
    }

    /** Rows a write may remove (expired first, then for size); 0 leaves culling to explicit calls. */
    public DiskCacheConfiguration<K, V> setCullLimit(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("cullLimit must be >= 0, got " + rows);
        }
        this.cullLimit = rows;
        return this;
    }

    public Long getMinFileSize() {
        return minFileSize;
    }

    /** Values of at least this many bytes are kept in files instead of the database. */
    public DiskCacheConfiguration<K, V> setMinFileSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("minFileSize must be > 0, got " + bytes);
        }
        this.minFileSize = bytes;
        return this;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    /** How long a write waits for a shard's lock before failing with a CacheException. */
    public DiskCacheConfiguration<K, V> setLockTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("lockTimeout must be a non-negative duration, got " + timeout);
        }
        this.lockTimeout = timeout;
        return this;
    }

    public Long getHeapBytes() {
        return heapBytes;
    }

    /**
     * Heap for entries kept after a read or a put and answered again without SQLite while no
     * process changed their shard (default 32 MiB per cache; 0 turns it off). Not kept with the
     * cache: each process chooses its own.
     */
    public DiskCacheConfiguration<K, V> setHeapBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("heapBytes must be >= 0, got " + bytes);
        }
        this.heapBytes = bytes;
        return this;
    }

    public Factory<? extends Serializer> getSerializerFactory() {
        return serializerFactory;
    }

    /** Serializer for keys and values without a native SQLite form; Java serialization by default. */
    public DiskCacheConfiguration<K, V> setSerializerFactory(Factory<? extends Serializer> factory) {
        this.serializerFactory = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /** For the kept copy of a configuration whose serializer factory cannot be serialized. */
    void forgetSerializerFactory() {
        serializerFactory = null;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof DiskCacheConfiguration<?, ?> that) || !super.equals(other)) {
            return false;
        }
        return Objects.equals(shards, that.shards) && Objects.equals(sizeLimit, that.sizeLimit)
                && evictionPolicy == that.evictionPolicy && Objects.equals(cullLimit, that.cullLimit)
                && Objects.equals(minFileSize, that.minFileSize) && Objects.equals(lockTimeout, that.lockTimeout)
                && Objects.equals(heapBytes, that.heapBytes)
                && Objects.equals(serializerFactory, that.serializerFactory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), shards, sizeLimit, evictionPolicy, cullLimit, minFileSize, lockTimeout,
                heapBytes);
    }
}
