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
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
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
import io.github.jdiskcache.jcache.processor.ProcessorEntry;
import io.github.jdiskcache.jcache.processor.Operation;
import io.github.jdiskcache.jcache.processor.ProcessorResult;
import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Liveness;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.StoreException;
import io.github.jdiskcache.store.StoredEntry;

/**
 * A {@link Cache} whose entries live in a {@link FanoutCache} on disk. Each operation on a key is
 * one SQLite transaction on that key's shard, so it is atomic across threads and processes;
 * listeners hear of a change after it committed. Values are always stored by value.
 */
public final class DiskCache<K, V> implements Cache<K, V> {
    private static final System.Logger LOG = System.getLogger(DiskCache.class.getName());
    /** Keys handled per page by operations over the whole cache, so memory stays bounded. */
    private static final int PAGE = 1000;

    private final DiskCacheManager manager;
    private final String name;
    private final MutableConfiguration<K, V> configuration;
    private final FanoutCache store;
    private final ExpiryTimes expiry;
    private final ReadThrough<K, V> loader;
    private final WriteThrough<K, V> writer;
    private final EventDispatcher<K, V> events;
    private final CacheStatistics statistics;
    private final CacheConfigurationBean configurationBean;
    private final ObjectName statisticsName;
    private final ObjectName configurationName;
    private final ExecutorService loadExecutor;
    private volatile boolean closed;

    /**
     * The factories run before {@code openStore} touches the disk, so a failing one costs no files;
     * whatever was made before a later step failed is released again.
     */
    DiskCache(DiskCacheManager manager, String name, MutableConfiguration<K, V> configuration,
              Supplier<FanoutCache> openStore) {
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        try {
            this.expiry = new ExpiryTimes(configuration.getExpiryPolicyFactory().create());
            this.loader = new ReadThrough<>(configuration.getCacheLoaderFactory() == null ? null
                    : configuration.getCacheLoaderFactory().create());
            CacheWriter<? super K, ? super V> cacheWriter = configuration.isWriteThrough()
                    && configuration.getCacheWriterFactory() != null ? configuration.getCacheWriterFactory().create() : null;
            this.writer = new WriteThrough<>(cacheWriter, DiskCacheEntry::new);
            this.events = new EventDispatcher<>(this);
            for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
                events.register(listener);
            }
            this.store = openStore.get();
            this.statistics = new CacheStatistics(store::evictionCount);
            this.configurationBean = new CacheConfigurationBean(configuration);
            String managerUri = manager.getURI().toString();
            this.statisticsName = MBeanRegistrar.name(MBeanRegistrar.Kind.STATISTICS, managerUri, name);
            this.configurationName = MBeanRegistrar.name(MBeanRegistrar.Kind.CONFIGURATION, managerUri, name);
            this.loadExecutor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "jdiskcache-loadAll-" + name);
                thread.setDaemon(true);
                return thread;
            });
            registerMBeans();
        } catch (RuntimeException | Error e) {
            releasePartsMade();
            throw e;
        }
    }

    private void registerMBeans() {
        if (configuration.isStatisticsEnabled()) {
            MBeanRegistrar.register(statistics, statisticsName);
        }
        if (configuration.isManagementEnabled()) {
            try {
                MBeanRegistrar.register(configurationBean, configurationName);
            } catch (RuntimeException e) {
                if (configuration.isStatisticsEnabled()) {
                    MBeanRegistrar.unregister(statisticsName);
                }
                throw e;
            }
        }
    }

    /** After a failed construction: parts still null were never made. */
    private void releasePartsMade() {
        if (loadExecutor != null) {
            loadExecutor.shutdown();
        }
        if (events != null) {
            events.close();
        }
        if (loader != null) {
            closeQuietly(loader.loader());
        }
        if (writer != null) {
            closeQuietly(writer.writer());
        }
        if (expiry != null) {
            closeQuietly(expiry.policy());
        }
        if (store != null) {
            store.close();
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public V get(K key) {
        ensureOpen();
        requireKey(key);
        PendingEvents<K, V> pending = new PendingEvents<>();
        V value = translated(() -> read(key, pending));
        events.dispatch(pending);
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
            long started = System.nanoTime();
            V value = translated(() -> lookup(key, pending));
            recordGetTime(started);
            if (value != null) {
                found.put(key, value);
            } else {
                missing.add(key);
            }
        }
        events.dispatch(pending);
        if (!missing.isEmpty() && readsThrough()) {
            long started = System.nanoTime();
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
        long started = System.nanoTime();
        try {
            V value = lookup(key, pending);
            if (value != null || !readsThrough()) {
                return value;
            }
            V loaded = loader.load(key);
            if (loaded == null) {
                return null;
            }
            checkTypes(key, loaded);
            compute(key, current -> {
                double storedAt = store.now();
                return isLive(current, storedAt) ? EntryChange.keep()
                        : create(key, loaded, current, storedAt, pending, new boolean[1]);
            });
            return loaded;
        } finally {
            recordGetTime(started);
        }
    }

    /** The stored value, counted as a hit or a miss, with the access expiry applied to a hit. */
    private V lookup(K key, PendingEvents<K, V> pending) {
        double now = store.now();
        V value = events.hasListeners() ? readReportingExpiry(key, now, pending) : readLive(key);
        if (value == null) {
            countMiss();
            return null;
        }
        countHit();
        Double accessed = expiry.forAccess(now);
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
        compute(key, current -> {
            if (!isExpired(current, now)) {
                return EntryChange.keep();
            }
            reportExpired(key, current, pending);
            return EntryChange.delete();
        });
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
        long started = System.nanoTime();
        PendingEvents<K, V> pending = new PendingEvents<>();
        boolean[] stored = new boolean[1];
        compute(key, current -> {
            pending.clear();
            double now = store.now();
            return put(key, value, current, now, pending, true, stored);
        });
        events.dispatch(pending);
        if (stored[0]) {
            recordPut(started);
        }
    }

    /**
     * The change a put makes to {@code current}: a creation with the creation expiry, or an update
     * with the update expiry (or the old one). {@code stored[0]} says whether a value is stored
     * afterwards (not when the creation expiry is already over).
     */
    private EntryChange put(K key, V value, CurrentEntry current, double now, PendingEvents<K, V> pending,
                            boolean writeThrough, boolean[] stored) {
        if (!isLive(current, now)) {
            reportExpired(key, current, pending);
            if (writeThrough) {
                writer.write(key, value);
            }
            return create(key, value, current, now, pending, stored);
        }
        V old = events.hasListeners() ? value(current) : null;
        if (writeThrough) {
            writer.write(key, value);
        }
        stored[0] = true;
        return update(key, value, old, current, now, pending);
    }

    /** A new entry with its creation expiry, or nothing stored (and an expired row removed) when that expiry is over. */
    private EntryChange create(K key, V value, CurrentEntry current, double now, PendingEvents<K, V> pending,
                               boolean[] stored) {
        double expireTime = expiry.forCreation(now);
        if (expireTime <= now) {
            stored[0] = false;
            return current == null ? EntryChange.keep() : EntryChange.delete();
        }
        stored[0] = true;
        pending.created(key, value);
        return EntryChange.set(value, ExpiryTimes.toStore(expireTime), null);
    }

    private EntryChange update(K key, V value, V oldValue, CurrentEntry current, double now, PendingEvents<K, V> pending) {
        Double updated = expiry.forUpdate(now);
        Double expireTime = updated == null ? current.expireTime() : ExpiryTimes.toStore(updated);
        pending.updated(key, value, oldValue);
        return EntryChange.set(value, expireTime, current.tag());
    }

    /** An expired row met by an operation is reported to expiry listeners (and replaced or removed by it). */
    private void reportExpired(K key, CurrentEntry current, PendingEvents<K, V> pending) {
        if (current != null && events.hasListeners()) {
            V expired = value(current);
            if (expired != null) {
                pending.expired(key, expired);
            }
        }
    }

    @Override
    public V getAndPut(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        long started = System.nanoTime();
        PendingEvents<K, V> pending = new PendingEvents<>();
        boolean[] stored = new boolean[1];
        List<V> previous = new ArrayList<>(1);
        compute(key, current -> {
            pending.clear();
            previous.clear();
            double now = store.now();
            V old = isLive(current, now) ? value(current) : null;
            previous.add(old);
            return put(key, value, current, now, pending, true, stored);
        });
        events.dispatch(pending);
        V old = previous.get(0);
        recordRead(old != null, started);
        if (stored[0]) {
            recordPut(started);
        }
        return old;
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
                    boolean[] done = new boolean[1];
                    store.compute(key, current -> {
                        double now = store.now();
                        if (!replaceExisting && isLive(current, now)) {
                            return EntryChange.keep();
                        }
                        return put(key, entries.get(key), current, now, pending, false, done);
                    });
                    count += done[0] ? 1 : 0;
                }
                return count;
            }));
            stored += storedInShard;
            events.dispatch(pending);
        }
        return stored;
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        long started = System.nanoTime();
        PendingEvents<K, V> pending = new PendingEvents<>();
        boolean[] found = new boolean[1];
        boolean[] stored = new boolean[1];
        compute(key, current -> {
            pending.clear();
            stored[0] = false;
            double now = store.now();
            found[0] = isLive(current, now);
            if (found[0]) {
                return EntryChange.keep();
            }
            reportExpired(key, current, pending);
            writer.write(key, value);
            return create(key, value, current, now, pending, stored);
        });
        events.dispatch(pending);
        // A hit only when a live entry was there: a creation expiry of zero stores nothing, but
        // the key was still absent (the RI 1.1.1 counts that case as a hit).
        if (statisticsEnabled()) {
            countGet(found[0]);
        }
        if (stored[0]) {
            recordPut(started);
        }
        return stored[0];
    }

    @Override
    public boolean remove(K key) {
        ensureOpen();
        requireKey(key);
        return removeLive(key, false, new ArrayList<>(1));
    }

    @Override
    public V getAndRemove(K key) {
        ensureOpen();
        requireKey(key);
        List<V> removedValue = new ArrayList<>(1);
        return removeLive(key, true, removedValue) ? removedValue.get(0) : null;
    }

    /**
     * Removes the live entry through the writer. Returns whether it was removed, and its value in
     * {@code removedValue[0]} when {@code countsAsGet} (getAndRemove) or a listener needs it.
     */
    private boolean removeLive(K key, boolean countsAsGet, List<V> removedValue) {
        long started = System.nanoTime();
        PendingEvents<K, V> pending = new PendingEvents<>();
        boolean[] removed = new boolean[1];
        compute(key, current -> {
            pending.clear();
            removedValue.clear();
            removed[0] = false;
            writer.delete(key);
            double now = store.now();
            if (!isLive(current, now)) {
                return EntryChange.keep();
            }
            V value = countsAsGet || events.hasListeners() ? value(current) : null;
            if ((countsAsGet || events.hasListeners()) && value == null && !current.isUnreadableHere()) {
                return EntryChange.keep(); // damaged: compute already removed it, as a miss
            }
            // A value this process cannot read is removed too (the caller asked for that), with no value to tell.
            removedValue.add(value);
            removed[0] = true;
            if (value != null || !events.hasListeners()) {
                pending.removed(key, value);
            }
            return EntryChange.delete();
        });
        events.dispatch(pending);
        if (countsAsGet) {
            recordRead(removed[0] && removedValue.get(0) != null, started);
        }
        if (removed[0]) {
            recordRemoval(started);
        }
        return removed[0];
    }

    @Override
    public boolean remove(K key, V oldValue) {
        ensureOpen();
        requireEntry(key, oldValue);
        long started = System.nanoTime();
        int outcome = compareAndAct(key, oldValue, (currentValue, current, now, pending) -> {
            writer.delete(key);
            pending.removed(key, currentValue);
            return EntryChange.delete();
        });
        recordRead(outcome != MISS, started);
        if (outcome == CHANGED) {
            recordRemoval(started);
        }
        return outcome == CHANGED;
    }

    /** What {@link #compareAndAct} does when the current value equals the expected one. */
    @FunctionalInterface
    private interface MatchAction<K, V> {
        EntryChange apply(V currentValue, CurrentEntry current, double now, PendingEvents<K, V> pending);
    }

    /**
     * The shape of {@code remove(k, v)} and {@code replace(k, old, new)}: absent is a miss, a
     * different value counts as an access, the expected value gets {@code onMatch}. Returns the outcome.
     */
    private int compareAndAct(K key, V expected, MatchAction<K, V> onMatch) {
        PendingEvents<K, V> pending = new PendingEvents<>();
        int[] outcome = new int[1];
        compute(key, current -> {
            pending.clear();
            double now = store.now();
            V currentValue = isLive(current, now) ? value(current) : null;
            if (currentValue == null) {
                outcome[0] = MISS;
                return EntryChange.keep();
            }
            if (!sameValue(currentValue, expected)) {
                outcome[0] = HIT;
                return accessed(now);
            }
            outcome[0] = CHANGED;
            return onMatch.apply(currentValue, current, now, pending);
        });
        events.dispatch(pending);
        return outcome[0];
    }

    private static final int MISS = 0;
    private static final int HIT = 1;
    private static final int CHANGED = 2;

    /** The access expiry's change to a live entry that was read. */
    private EntryChange accessed(double now) {
        Double accessed = expiry.forAccess(now);
        return accessed == null ? EntryChange.keep() : EntryChange.expireAt(ExpiryTimes.toStore(accessed));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        ensureOpen();
        requireEntry(key, newValue);
        Objects.requireNonNull(oldValue, "oldValue");
        checkTypes(key, oldValue);
        long started = System.nanoTime();
        int outcome = compareAndAct(key, oldValue, (currentValue, current, now, pending) -> {
            writer.write(key, newValue);
            return update(key, newValue, currentValue, current, now, pending);
        });
        recordRead(outcome != MISS, started);
        if (outcome == CHANGED) {
            recordPut(started);
        }
        return outcome == CHANGED;
    }

    @Override
    public boolean replace(K key, V value) {
        return getAndReplaceEntry(key, value) != null;
    }

    @Override
    public V getAndReplace(K key, V value) {
        return getAndReplaceEntry(key, value);
    }

    private V getAndReplaceEntry(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        long started = System.nanoTime();
        PendingEvents<K, V> pending = new PendingEvents<>();
        List<V> previous = new ArrayList<>(1);
        compute(key, current -> {
            pending.clear();
            previous.clear();
            double now = store.now();
            V currentValue = isLive(current, now) ? value(current) : null;
            previous.add(currentValue);
            if (currentValue == null) {
                return EntryChange.keep();
            }
            writer.write(key, value);
            return update(key, value, currentValue, current, now, pending);
        });
        events.dispatch(pending);
        V old = previous.get(0);
        recordRead(old != null, started);
        if (old != null) {
            recordPut(started);
        }
        return old;
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
            PendingEvents<K, V> pending = new PendingEvents<>();
            boolean[] counted = new boolean[1];
            compute(key, current -> {
                pending.clear();
                counted[0] = false;
                if (current == null) {
                    return EntryChange.keep();
                }
                if (isExpired(current, store.now())) {
                    reportExpired(key, current, pending);
                } else {
                    V value = events.hasListeners() ? value(current) : null;
                    if (value != null || !events.hasListeners()) {
                        pending.removed(key, value);
                    }
                    counted[0] = true;
                }
                return EntryChange.delete();
            });
            removed += counted[0] ? 1 : 0;
            events.dispatch(pending);
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
                    LOG.log(System.Logger.Level.WARNING, "loadAll of cache " + name + " failed", e);
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
        long started = System.nanoTime();
        PendingEvents<K, V> pending = new PendingEvents<>();
        List<T> result = new ArrayList<>(1);
        int[] outcome = new int[2];
        compute(key, current -> {
            pending.clear();
            result.clear();
            double now = store.now();
            V stored = isLive(current, now) ? value(current) : null;
            // Not "no value": a value this process cannot read is left alone unless the processor writes.
            boolean expired = isExpired(current, now);
            if (expired) {
                reportExpired(key, current, pending);
            }
            ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, stored,
                    readsThrough() ? loader::load : null);
            try {
                result.add(processor.process(entry, arguments));
            } catch (CacheException e) {
                throw e;
            } catch (Exception e) {
                throw new EntryProcessorException(e);
            }
            outcome[0] = stored != null ? HIT : MISS;
            EntryChange change = apply(key, entry, current, now, pending, outcome);
            return expired && change.equals(EntryChange.keep()) ? EntryChange.delete() : change;
        });
        events.dispatch(pending);
        recordRead(outcome[0] == HIT, started);
        if (outcome[1] == APPLIED_PUT) {
            recordPut(started);
        } else if (outcome[1] == APPLIED_REMOVAL) {
            recordRemoval(started);
        }
        return result.get(0);
    }

    private static final int APPLIED_NOTHING = 0;
    private static final int APPLIED_PUT = 1;
    private static final int APPLIED_REMOVAL = 2;

    /** The change that applies what the processor did; {@code outcome[1]} says how statistics count it. */
    private EntryChange apply(K key, ProcessorEntry<K, V> entry, CurrentEntry current, double now,
                              PendingEvents<K, V> pending, int[] outcome) {
        outcome[1] = APPLIED_NOTHING;
        switch (entry.operation()) {
            case ACCESS -> {
                return accessed(now);
            }
            case CREATE, LOAD -> {
                V value = entry.value();
                checkTypes(key, value);
                boolean created = entry.operation() == Operation.CREATE;
                if (created) {
                    writer.write(key, value);
                }
                boolean[] stored = new boolean[1];
                EntryChange change = create(key, value, current, now, pending, stored);
                if (stored[0] && created) {
                    outcome[1] = APPLIED_PUT;
                }
                return change;
            }
            case UPDATE -> {
                V value = entry.value();
                checkTypes(key, value);
                writer.write(key, value);
                outcome[1] = APPLIED_PUT;
                return update(key, value, entry.stored(), current, now, pending);
            }
            case REMOVE -> {
                writer.delete(key);
                if (entry.stored() != null) {
                    pending.removed(key, entry.stored());
                    outcome[1] = APPLIED_REMOVAL;
                    return EntryChange.delete();
                }
                return EntryChange.keep();
            }
            default -> {
                return EntryChange.keep();
            }
        }
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
            removeLive(key, false, new ArrayList<>(1));
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
        closeQuietly(loader.loader());
        closeQuietly(writer.writer());
        closeQuietly(expiry.policy());
        store.close();
    }

    private void closeQuietly(Object resource) {
        if (resource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + resource + " of cache " + name + " failed", e);
            }
        }
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

    private void countGet(boolean hit) {
        if (hit) {
            statistics.hits(1);
        } else {
            statistics.misses(1);
        }
    }

    /** Counts a read-like access (hit or miss) and its time, when statistics are on. */
    private void recordRead(boolean hit, long started) {
        if (statisticsEnabled()) {
            countGet(hit);
            statistics.getTime(System.nanoTime() - started);
        }
    }

    private void recordGetTime(long started) {
        if (statisticsEnabled()) {
            statistics.getTime(System.nanoTime() - started);
        }
    }

    private void recordPut(long started) {
        if (statisticsEnabled()) {
            statistics.puts(1);
            statistics.putTime(System.nanoTime() - started);
        }
    }

    private void recordRemoval(long started) {
        if (statisticsEnabled()) {
            statistics.removals(1);
            statistics.removeTime(System.nanoTime() - started);
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

    /** Runtime type checks of the configured key and value types (none when they are Object). */
    private void checkTypes(Object key, Object value) {
        Class<K> keyType = configuration.getKeyType();
        Class<V> valueType = configuration.getValueType();
        if (keyType != Object.class && !keyType.isInstance(key)) {
            throw new ClassCastException("key " + key + " of " + key.getClass().getName() + " is not a "
                    + keyType.getName() + " as cache " + name + " requires");
        }
        if (valueType != Object.class && !valueType.isInstance(value)) {
            throw new ClassCastException("value of " + value.getClass().getName() + " is not a "
                    + valueType.getName() + " as cache " + name + " requires");
        }
    }

    @SuppressWarnings("unchecked")
    private V value(StoredEntry entry) {
        return (V) entry.value();
    }

    @SuppressWarnings("unchecked")
    private K castKey(Object key) {
        return (K) key;
    }

    private static boolean sameValue(Object stored, Object expected) {
        return Objects.deepEquals(stored, expected);
    }

    /** One atomic read-decide-write of the entry under {@code key}, translating store failures. */
    private void compute(K key, java.util.function.Function<CurrentEntry, EntryChange> decide) {
        translated(() -> {
            store.compute(key, decide);
            return null;
        });
    }

    private static boolean isLive(CurrentEntry current, double now) {
        return current != null && Liveness.isLive(current.expireTime(), now);
    }

    /** Whether {@code current} is a row that has expired (not: absent). */
    private static boolean isExpired(CurrentEntry current, double now) {
        return current != null && !Liveness.isLive(current.expireTime(), now);
    }

    @SuppressWarnings("unchecked")
    private V value(CurrentEntry entry) {
        return (V) entry.value();
    }

    private static <T> T translated(Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            throw new CacheException(e.getMessage(), e);
        }
    }
}
