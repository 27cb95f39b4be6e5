package io.github.jdiskcache.jcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import javax.management.ObjectName;

import io.github.jdiskcache.jcache.configuration.ConfigurationSnapshot;
import io.github.jdiskcache.jcache.event.EventDispatcher;
import io.github.jdiskcache.jcache.event.PendingEvents;
import io.github.jdiskcache.jcache.expiry.ExpiryTimes;
import io.github.jdiskcache.jcache.integration.ReadThrough;
import io.github.jdiskcache.jcache.integration.WriteThrough;
import io.github.jdiskcache.jcache.management.CacheConfigurationBean;
import io.github.jdiskcache.jcache.management.CacheStatistics;
import io.github.jdiskcache.jcache.management.MBeanRegistrar;
import io.github.jdiskcache.jcache.operation.Invoke;
import io.github.jdiskcache.jcache.operation.KeyOperation;
import io.github.jdiskcache.jcache.operation.Load;
import io.github.jdiskcache.jcache.operation.OperationContext;
import io.github.jdiskcache.jcache.operation.OperationRunner;
import io.github.jdiskcache.jcache.operation.Put;
import io.github.jdiskcache.jcache.operation.PutIfAbsent;
import io.github.jdiskcache.jcache.operation.Remove;
import io.github.jdiskcache.jcache.operation.RemoveAny;
import io.github.jdiskcache.jcache.operation.RemoveExpired;
import io.github.jdiskcache.jcache.operation.RemoveIfSame;
import io.github.jdiskcache.jcache.operation.Replace;
import io.github.jdiskcache.jcache.operation.ReplaceIfSame;
import io.github.jdiskcache.jcache.operation.StoreGiven;
import io.github.jdiskcache.jcache.processor.ProcessorResult;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Liveness;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.StoredEntry;

/**
 * A {@link Cache} whose entries live in a {@link FanoutCache} on disk. Each operation on a key is
 * one SQLite transaction on that key's shard, so it is atomic across threads and processes;
 * listeners hear of a change after it committed. Values are always stored by value.
 */
public final class DiskCache<K, V> implements Cache<K, V> {
    /** Looked up when there is something to say: setting up logging is a cost of every cold start. */
    private static System.Logger log() {
        return System.getLogger(DiskCache.class.getName());
    }

    /** Keys handled per page by operations over the whole cache, so memory stays bounded. */
    private static final int PAGE = 1000;
    /** A get's start while statistics are off (see {@link #startTimer}). */
    private static final long NOT_TIMED = Long.MIN_VALUE;

    private final DiskCacheManager manager;
    private final String name;
    private final MutableConfiguration<K, V> configuration;
    private final FanoutCache store;
    /** The store's clock, read only when needed. */
    private final DoubleSupplier clock;
    private final ExpiryTimes expiry;
    private final ReadThrough<K, V> loader;
    private final WriteThrough<K, V> writer;
    private final EventDispatcher<K, V> events;
    private final CacheStatistics statistics;
    private final CacheConfigurationBean configurationBean;
    private final ObjectName statisticsName;
    private final ObjectName configurationName;
    private final ExecutorService loadExecutor;
    private final OperationContext<K, V> operations;
    private final OperationRunner<K, V> runner;
    private volatile boolean closed;

    /** Made by {@link DiskCacheFactory}, which assembles the parts. */
    DiskCache(DiskCacheManager manager, String name, MutableConfiguration<K, V> configuration, CacheParts<K, V> parts) {
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        this.store = parts.store();
        this.clock = store::now;
        this.expiry = parts.expiry();
        this.loader = parts.loader();
        this.writer = parts.writer();
        this.events = parts.listeners();
        this.operations = parts.operations();
        this.statistics = parts.statistics();
        this.configurationBean = parts.configurationBean();
        this.statisticsName = parts.statisticsName();
        this.configurationName = parts.configurationName();
        this.loadExecutor = parts.loadExecutor();
        this.runner = new OperationRunner<>(this, store, events, statistics, configuration::isStatisticsEnabled);
    }

    // ---------------------------------------------------------------- reads

    @Override
    public V get(K key) {
        ensureOpen();
        requireKey(key);
        PendingEvents<K, V> pending = new PendingEvents<>();
        V value = translated(() -> read(key, pending));
        events.dispatch(this, pending);
        return value;
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        ensureOpen();
        requireKeys(keys);
        Map<K, V> found = new HashMap<>();
        List<K> missing = new ArrayList<>();
        PendingEvents<K, V> pending = new PendingEvents<>();
        for (K key : keys) {
            long started = startTimer();
            V value = translated(() -> lookup(key, pending));
            recordGetTime(started);
            if (value != null) {
                found.put(key, value);
            } else {
                missing.add(key);
            }
        }
        events.dispatch(this, pending);
        if (!missing.isEmpty() && readsThrough()) {
            long started = startTimer();
            found.putAll(loadMissing(missing));
            recordGetTime(started);
        }
        return found;
    }

    /**
     * Loads the keys a getAll missed with one {@code loadAll} call, as a loader backed by a
     * database or a service expects, and stores what it returns (never over an entry that became
     * live meanwhile). Keys the loader did not ask for are ignored.
     */
    private Map<K, V> loadMissing(List<K> missing) {
        Map<K, V> result = loader.loadAll(missing);
        Map<K, V> loaded = new LinkedHashMap<>();
        if (result != null) {
            for (K key : missing) {
                V value = result.get(key);
                if (value != null) {
                    checkTypes(key, value);
                    loaded.put(key, value);
                }
            }
        }
        storeAll(loaded, false);
        return loaded;
    }

    /** A read with its statistics, access expiry, expired-entry cleanup and read-through. */
    private V read(K key, PendingEvents<K, V> pending) {
        long started = startTimer();
        try {
            V value = lookup(key, pending);
            if (value != null || !readsThrough()) {
                return value;
            }
            return translated(() -> store.withLease(key, () -> loadHoldingLease(key, pending)));
        } finally {
            recordGetTime(started);
        }
    }

    /**
     * Read-through under the key's lease: a caller that waited for another's load finds its value
     * (already counted as a miss) instead of loading again.
     */
    private V loadHoldingLease(K key, PendingEvents<K, V> pending) {
        V loadedMeanwhile = readLive(key);
        if (loadedMeanwhile != null) {
            return loadedMeanwhile;
        }
        V loaded = loader.load(key);
        if (loaded == null) {
            return null;
        }
        checkTypes(key, loaded);
        Load<K, V> load = new Load<>(key, loaded, operations);
        runner.decide(load);
        pending.addAll(load.events());
        return loaded;
    }

    /** The stored value, counted as a hit or a miss, with the access expiry applied to a hit. */
    private V lookup(K key, PendingEvents<K, V> pending) {
        V value = events.hasListeners() ? readReportingExpiry(key, store.now(), pending) : readLive(key);
        if (value == null) {
            countMiss();
            return null;
        }
        countHit();
        Double accessed = expiry.forAccess(clock);
        if (accessed != null) {
            store.touchAt(key, ExpiryTimes.toStore(accessed));
        }
        return value;
    }

    private boolean readsThrough() {
        return configuration.isReadThrough() && loader.available();
    }

    /**
     * The fast read, when nobody listens: SQL skips expired rows (they are culled later, unseen),
     * and the store records the access for LRU/LFU eviction.
     */
    @SuppressWarnings("unchecked")
    private V readLive(K key) {
        return (V) store.get(key);
    }

    /** A read that finds expired rows too, so it can remove them and tell expiry listeners. */
    private V readReportingExpiry(K key, double now, PendingEvents<K, V> pending) {
        StoredEntry entry = store.use(key);
        if (entry != null && Liveness.isLive(entry.expireTime(), now)) {
            return value(entry);
        }
        if (entry != null) {
            removeExpired(key, now, pending);
        }
        return null;
    }

    /** Deletes an entry found expired (unless a writer revived it meanwhile) and reports it. */
    private void removeExpired(K key, double now, PendingEvents<K, V> pending) {
        RemoveExpired<K, V> removal = new RemoveExpired<>(key, now, operations);
        runner.decide(removal);
        pending.addAll(removal.events());
    }

    @Override
    public boolean containsKey(K key) {
        ensureOpen();
        requireKey(key);
        return translated(() -> store.contains(key));
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void put(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        runner.run(new Put<>(key, value, false, operations));
    }

    @Override
    public V getAndPut(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        return runner.run(new Put<>(key, value, true, operations));
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        ensureOpen();
        Objects.requireNonNull(entries, "entries");
        for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
            requireEntry(entry.getKey(), entry.getValue());
        }
        long started = System.nanoTime();
        Map<K, V> toStore = new LinkedHashMap<>(entries);
        CacheWriterException failure = null;
        if (writer.enabled()) {
            List<Cache.Entry<? extends K, ? extends V>> toWrite = new ArrayList<>();
            toStore.forEach((key, value) -> toWrite.add(new DiskCacheEntry<>(key, value)));
            failure = writer.writeAll(toWrite);
            for (Cache.Entry<? extends K, ? extends V> unwritten : toWrite) {
                toStore.remove(unwritten.getKey());
            }
        }
        long stored = storeAll(toStore, true);
        if (statisticsEnabled() && stored > 0) {
            statistics.puts(stored);
            statistics.putTime(System.nanoTime() - started);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Stores entries (already written through) with one transaction per shard; returns how many
     * ended up stored. Loaded entries ({@code replaceExisting} false) never overwrite live ones.
     */
    private long storeAll(Map<K, V> entries, boolean replaceExisting) {
        if (operations.decisionsRunUserCode()) {
            return storeEach(entries, replaceExisting);
        }
        Map<Shard, List<K>> byShard = new LinkedHashMap<>();
        for (K key : entries.keySet()) {
            byShard.computeIfAbsent(translated(() -> store.shardFor(key)), shard -> new ArrayList<>()).add(key);
        }
        long stored = 0;
        for (Map.Entry<Shard, List<K>> shardKeys : byShard.entrySet()) {
            PendingEvents<K, V> pending = new PendingEvents<>();
            List<K> keys = shardKeys.getValue();
            long storedInShard = translated(() -> shardKeys.getKey().transact(() -> {
                pending.clear();
                long count = 0;
                for (K key : keys) {
                    StoreGiven<K, V> given = new StoreGiven<>(key, entries.get(key), replaceExisting, operations);
                    store.compute(key, given);
                    pending.addAll(given.events());
                    count += given.write() == KeyOperation.Write.PUT ? 1 : 0;
                }
                return count;
            }));
            stored += storedInShard;
            events.dispatch(this, pending);
        }
        return stored;
    }

    /** {@link #storeAll} one key at a time, each under its lease: a custom expiry policy runs outside transactions. */
    private long storeEach(Map<K, V> entries, boolean replaceExisting) {
        long stored = 0;
        for (Map.Entry<K, V> entry : entries.entrySet()) {
            StoreGiven<K, V> given = new StoreGiven<>(entry.getKey(), entry.getValue(), replaceExisting, operations);
            runner.runUncounted(given);
            stored += given.write() == KeyOperation.Write.PUT ? 1 : 0;
        }
        return stored;
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        return runner.run(new PutIfAbsent<>(key, value, operations));
    }

    @Override
    public boolean remove(K key) {
        ensureOpen();
        requireKey(key);
        return removeLive(key);
    }

    private boolean removeLive(K key) {
        Remove<K, V> removal = new Remove<>(key, false, operations);
        runner.run(removal);
        return removal.removed();
    }

    @Override
    public V getAndRemove(K key) {
        ensureOpen();
        requireKey(key);
        return runner.run(new Remove<>(key, true, operations));
    }

    @Override
    public boolean remove(K key, V oldValue) {
        ensureOpen();
        requireEntry(key, oldValue);
        return runner.run(new RemoveIfSame<>(key, oldValue, operations));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        ensureOpen();
        requireEntry(key, newValue);
        Objects.requireNonNull(oldValue, "oldValue");
        checkTypes(key, oldValue);
        return runner.run(new ReplaceIfSame<>(key, oldValue, newValue, operations));
    }

    @Override
    public boolean replace(K key, V value) {
        return getAndReplace(key, value) != null;
    }

    @Override
    public V getAndReplace(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        return runner.run(new Replace<>(key, value, operations));
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        ensureOpen();
        requireKeys(keys);
        removeKeys(new ArrayList<>(keys));
    }

    @Override
    public void removeAll() {
        ensureOpen();
        CacheWriterException failure = null;
        Iterator<Object> all = translated(store::keys);
        List<K> page = new ArrayList<>(PAGE);
        while (all.hasNext()) {
            page.add(castKey(all.next()));
            if (page.size() == PAGE || !all.hasNext()) {
                try {
                    removeKeys(page);
                } catch (CacheWriterException e) {
                    failure = e;
                }
                page = new ArrayList<>(PAGE);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Deletes {@code keys} through the writer first; keys it could not delete stay in the cache.
     * Expired entries met are reported as expired, live ones as removed.
     */
    private void removeKeys(List<K> keys) {
        long started = System.nanoTime();
        Set<K> toRemove = new HashSet<>(keys);
        CacheWriterException failure = null;
        if (writer.enabled()) {
            Set<K> undeleted = new HashSet<>(keys);
            failure = writer.deleteAll(undeleted);
            toRemove.removeAll(undeleted);
        }
        long removed = 0;
        for (K key : toRemove) {
            RemoveAny<K, V> removal = new RemoveAny<>(key, operations);
            runner.runUncounted(removal);
            removed += removal.write() == KeyOperation.Write.REMOVAL ? 1 : 0;
        }
        if (statisticsEnabled() && removed > 0) {
            statistics.removals(removed);
            statistics.removeTime(System.nanoTime() - started);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void clear() {
        ensureOpen();
        translated(store::clear);
    }

    // ---------------------------------------------------------------- loading

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
        ensureOpen();
        Objects.requireNonNull(keys, "keys");
        if (!loader.available()) {
            if (completionListener != null) {
                completionListener.onCompletion();
            }
            return;
        }
        requireKeys(keys);
        List<K> requested = new ArrayList<>(keys);
        loadExecutor.execute(() -> {
            try {
                List<K> toLoad = new ArrayList<>();
                for (K key : requested) {
                    if (replaceExistingValues || !containsKey(key)) {
                        toLoad.add(key);
                    }
                }
                Map<K, V> loaded = new LinkedHashMap<>();
                if (!toLoad.isEmpty()) {
                    Map<K, V> result = loader.loadAll(toLoad);
                    if (result != null) {
                        result.forEach((key, value) -> {
                            if (key != null && value != null) {
                                loaded.put(key, value);
                            }
                        });
                    }
                }
                storeAll(loaded, replaceExistingValues);
                if (completionListener != null) {
                    completionListener.onCompletion();
                }
            } catch (Exception e) {
                if (completionListener != null) {
                    completionListener.onException(e);
                } else {
                    log().log(System.Logger.Level.WARNING, "loadAll of cache " + name + " failed", e);
                }
            }
        });
    }

    // ---------------------------------------------------------------- entry processors

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        ensureOpen();
        requireKey(key);
        Objects.requireNonNull(processor, "processor");
        return runner.run(new Invoke<>(key, processor, arguments, readsThrough() ? loader::load : null, operations));
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
                                                         Object... arguments) {
        ensureOpen();
        requireKeys(keys);
        Objects.requireNonNull(processor, "processor");
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        for (K key : keys) {
            try {
                T result = invoke(key, processor, arguments);
                if (result != null) {
                    results.put(key, ProcessorResult.of(result));
                }
            } catch (RuntimeException e) {
                results.put(key, ProcessorResult.failed(e));
            }
        }
        return results;
    }

    // ---------------------------------------------------------------- iteration

    @Override
    public Iterator<Cache.Entry<K, V>> iterator() {
        ensureOpen();
        return new EntryIterator(translated(store::liveKeys));
    }

    /** Walks live keys lazily, page by page, reading each value when it is reached. */
    private final class EntryIterator implements Iterator<Cache.Entry<K, V>> {
        private final Iterator<Object> keys;
        private Cache.Entry<K, V> next;
        private Cache.Entry<K, V> last;

        EntryIterator(Iterator<Object> keys) {
            this.keys = keys;
        }

        @Override
        public boolean hasNext() {
            ensureOpen();
            while (next == null && keys.hasNext()) {
                K key = castKey(keys.next());
                long started = System.nanoTime();
                double now = store.now();
                StoredEntry entry = translated(() -> store.use(key));
                if (entry != null && Liveness.isLive(entry.expireTime(), now)) {
                    next = new DiskCacheEntry<>(key, value(entry));
                    Double accessed = expiry.forAccess(now);
                    if (accessed != null) {
                        translated(() -> store.touchAt(key, ExpiryTimes.toStore(accessed)));
                    }
                    if (statisticsEnabled()) {
                        statistics.hits(1);
                        statistics.getTime(System.nanoTime() - started);
                    }
                }
            }
            return next != null;
        }

        @Override
        public Cache.Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            last = next;
            next = null;
            return last;
        }

        @Override
        public void remove() {
            ensureOpen();
            if (last == null) {
                throw new IllegalStateException("next() must be called before remove()");
            }
            K key = last.getKey();
            last = null;
            removeLive(key);
        }
    }

    // ---------------------------------------------------------------- listeners, configuration, lifecycle

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        ensureOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        synchronized (configuration) {
            configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
        }
        events.register(listenerConfiguration);
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        ensureOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        synchronized (configuration) {
            configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
        }
        events.deregister(listenerConfiguration);
    }

    /** A read-only copy of the configuration as it is now; changing it cannot change this cache. */
    @Override
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
        ConfigurationSnapshot<K, V> snapshot;
        synchronized (configuration) {
            snapshot = new ConfigurationSnapshot<>(configuration);
        }
        if (type.isInstance(snapshot)) {
            return type.cast(snapshot);
        }
        throw new IllegalArgumentException("the configuration of cache " + name + " is not a " + type.getName());
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheManager getCacheManager() {
        return manager;
    }

    /** The FanoutCache under this cache, e.g. for {@code volume()} or {@code check()}. */
    public FanoutCache store() {
        return store;
    }

    public CacheStatistics statistics() {
        return statistics;
    }

    void setStatisticsEnabled(boolean enabled) {
        configuration.setStatisticsEnabled(enabled);
        if (enabled) {
            MBeanRegistrar.register(statistics, statisticsName);
        } else {
            MBeanRegistrar.unregister(statisticsName);
        }
    }

    void setManagementEnabled(boolean enabled) {
        configuration.setManagementEnabled(enabled);
        if (enabled) {
            MBeanRegistrar.register(configurationBean, configurationName);
        } else {
            MBeanRegistrar.unregister(configurationName);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        manager.forget(this);
        MBeanRegistrar.unregister(statisticsName);
        MBeanRegistrar.unregister(configurationName);
        loadExecutor.shutdown();
        try {
            loadExecutor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        DiskCacheFactory.closeQuietly(loader.loader(), name);
        DiskCacheFactory.closeQuietly(writer.writer(), name);
        DiskCacheFactory.closeQuietly(expiry.policy(), name);
        store.close();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        if (type.isInstance(store)) {
            return type.cast(store);
        }
        throw new IllegalArgumentException("cache " + name + " cannot be unwrapped to " + type.getName());
    }

    @Override
    public String toString() {
        return "DiskCache[" + name + " in " + store.directory() + "]";
    }

    // ---------------------------------------------------------------- helpers

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cache " + name + " is closed");
        }
    }

    private boolean statisticsEnabled() {
        return configuration.isStatisticsEnabled();
    }

    private void countHit() {
        if (statisticsEnabled()) {
            statistics.hits(1);
        }
    }

    private void countMiss() {
        if (statisticsEnabled()) {
            statistics.misses(1);
        }
    }

    /**
     * When a get starts, for its statistics; {@link #NOT_TIMED} while they are off: reading the
     * clock costs a quarter of a get from the heap.
     */
    private long startTimer() {
        return statisticsEnabled() ? System.nanoTime() : NOT_TIMED;
    }

    private void recordGetTime(long started) {
        if (started != NOT_TIMED && statisticsEnabled()) {
            statistics.getTime(System.nanoTime() - started);
        }
    }

    private static void requireKey(Object key) {
        Objects.requireNonNull(key, "a cache key cannot be null");
    }

    private static void requireKeys(Collection<?> keys) {
        Objects.requireNonNull(keys, "keys");
        for (Object key : keys) {
            Objects.requireNonNull(key, "a cache key cannot be null");
        }
    }

    private void requireEntry(K key, V value) {
        requireKey(key);
        Objects.requireNonNull(value, "a cache value cannot be null");
        checkTypes(key, value);
    }

    private void checkTypes(Object key, Object value) {
        operations.types().check(key, value);
    }

    @SuppressWarnings("unchecked")
    private V value(StoredEntry entry) {
        return (V) entry.value();
    }

    @SuppressWarnings("unchecked")
    private K castKey(Object key) {
        return (K) key;
    }

    private static <T> T translated(Supplier<T> work) {
        return OperationRunner.translated(work);
    }
}
