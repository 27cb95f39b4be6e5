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

import io.github.jdiskcache.jcache.event.EventDispatcher;
import io.github.jdiskcache.jcache.event.PendingEvents;
import io.github.jdiskcache.jcache.expiry.ExpiryTimes;
import io.github.jdiskcache.jcache.integration.ReadThrough;
import io.github.jdiskcache.jcache.integration.WriteThrough;
import io.github.jdiskcache.jcache.management.CacheConfigurationBean;
import io.github.jdiskcache.jcache.management.CacheStatistics;
import io.github.jdiskcache.jcache.management.MBeanRegistrar;
import io.github.jdiskcache.jcache.processor.ProcessorEntry;
import io.github.jdiskcache.jcache.processor.ProcessorResult;
import io.github.jdiskcache.store.FanoutCache;
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

    DiskCache(DiskCacheManager manager, String name, MutableConfiguration<K, V> configuration, FanoutCache store) {
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        this.store = store;
        this.expiry = new ExpiryTimes(configuration.getExpiryPolicyFactory().create());
        this.loader = new ReadThrough<>(configuration.getCacheLoaderFactory() == null ? null
                : configuration.getCacheLoaderFactory().create());
        CacheWriter<? super K, ? super V> cacheWriter = configuration.isWriteThrough()
                && configuration.getCacheWriterFactory() != null ? configuration.getCacheWriterFactory().create() : null;
        this.writer = new WriteThrough<>(cacheWriter);
        this.events = new EventDispatcher<>(this);
        for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
            events.register(listener);
        }
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
        if (configuration.isStatisticsEnabled()) {
            MBeanRegistrar.register(statistics, statisticsName);
        }
        if (configuration.isManagementEnabled()) {
            MBeanRegistrar.register(configurationBean, configurationName);
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public V get(K key) {
        ensureOpen();
        requireKey(key);
        PendingEvents<K, V> pending = new PendingEvents<>();
        V value = read(key, pending);
        events.dispatch(pending);
        return value;
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        ensureOpen();
        requireKeys(keys);
        Map<K, V> found = new HashMap<>();
        PendingEvents<K, V> pending = new PendingEvents<>();
        for (K key : keys) {
            V value = read(key, pending);
            if (value != null) {
                found.put(key, value);
            }
        }
        events.dispatch(pending);
        return found;
    }

    /** A read with its statistics, access expiry, expired-entry cleanup and read-through. */
    private V read(K key, PendingEvents<K, V> pending) {
        long started = System.nanoTime();
        try {
            double now = store.now();
            StoredEntry entry = store.lookup(key);
            if (entry != null && !ExpiryTimes.isExpired(entry.expireTime(), now)) {
                countHit();
                Double accessed = expiry.forAccess(now);
                if (accessed != null) {
                    store.touchAt(key, ExpiryTimes.toStore(accessed));
                }
                return value(entry);
            }
            if (entry != null) {
                removeExpired(key, now, pending);
            }
            countMiss();
            if (!configuration.isReadThrough() || !loader.available()) {
                return null;
            }
            V loaded = loader.load(key);
            if (loaded == null) {
                return null;
            }
            checkTypes(key, loaded);
            transact(key, () -> {
                double storedAt = store.now();
                StoredEntry current = store.lookup(key);
                if (current == null || ExpiryTimes.isExpired(current.expireTime(), storedAt)) {
                    createEntry(key, loaded, storedAt, pending);
                }
                return null;
            });
            return loaded;
        } finally {
            if (statisticsEnabled()) {
                statistics.getTime(System.nanoTime() - started);
            }
        }
    }

    /** Deletes an entry found expired (unless a writer revived it meanwhile) and reports it. */
    private void removeExpired(K key, double now, PendingEvents<K, V> pending) {
        transact(key, () -> {
            StoredEntry current = store.lookup(key);
            if (current != null && ExpiryTimes.isExpired(current.expireTime(), now)) {
                store.delete(key);
                pending.expired(key, value(current));
            }
            return null;
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
        boolean stored = transact(key, () -> {
            pending.clear();
            return putInTransaction(key, value, pending, true);
        });
        events.dispatch(pending);
        if (stored && statisticsEnabled()) {
            statistics.puts(1);
            statistics.putTime(System.nanoTime() - started);
        }
    }

    /**
     * Creates or updates the entry inside the caller's transaction; returns whether a value is now
     * stored (false when the creation expiry says the new entry is already expired).
     */
    private boolean putInTransaction(K key, V value, PendingEvents<K, V> pending, boolean writeThrough) {
        double now = store.now();
        StoredEntry current = store.lookup(key);
        if (current == null || ExpiryTimes.isExpired(current.expireTime(), now)) {
            if (current != null) {
                pending.expired(key, value(current));
            }
            if (writeThrough) {
                writer.write(key, value);
            }
            boolean created = createEntry(key, value, now, pending);
            if (!created && current != null) {
                store.delete(key);
            }
            return created;
        }
        if (writeThrough) {
            writer.write(key, value);
        }
        updateEntry(key, value, value(current), current, now, pending);
        return true;
    }

    /** Stores a new entry with its creation expiry; false (nothing stored) when that expiry is now or past. */
    private boolean createEntry(K key, V value, double now, PendingEvents<K, V> pending) {
        double expireTime = expiry.forCreation(now);
        if (expireTime <= now) {
            return false;
        }
        store.setAt(key, value, ExpiryTimes.toStore(expireTime), null);
        pending.created(key, value);
        return true;
    }

    private void updateEntry(K key, V value, V oldValue, StoredEntry current, double now, PendingEvents<K, V> pending) {
        Double updated = expiry.forUpdate(now);
        Double expireTime = updated == null ? current.expireTime() : ExpiryTimes.toStore(updated);
        store.setAt(key, value, expireTime, current.tag());
        pending.updated(key, value, oldValue);
    }

    @Override
    public V getAndPut(K key, V value) {
        ensureOpen();
        requireEntry(key, value);
        long started = System.nanoTime();
        PendingEvents<K, V> pending = new PendingEvents<>();
        Object[] outcome = transact(key, () -> {
            pending.clear();
            double now = store.now();
            StoredEntry current = store.lookup(key);
            V previous = current == null || ExpiryTimes.isExpired(current.expireTime(), now) ? null : value(current);
            boolean stored = putInTransaction(key, value, pending, true);
            return new Object[] {previous, stored};
        });
        events.dispatch(pending);
        @SuppressWarnings("unchecked")
        V previous = (V) outcome[0];
        if (statisticsEnabled()) {
            countGet(previous != null);
            statistics.getTime(System.nanoTime() - started);
            if ((Boolean) outcome[1]) {
                statistics.puts(1);
                statistics.putTime(System.nanoTime() - started);
            }
        }
        return previous;
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
            byShard.computeIfAbsent(store.shardFor(key), shard -> new ArrayList<>()).add(key);
        }
        long stored = 0;
        for (Map.Entry<Shard, List<K>> shardKeys : byShard.entrySet()) {
            PendingEvents<K, V> pending = new PendingEvents<>();
            List<K> keys = shardKeys.getValue();
            long storedInShard = translated(() -> shardKeys.getKey().transact(() -> {
                pending.clear();
                long count = 0;
                for (K key : keys) {
                    if (replaceExisting || !store.contains(key)) {
                        count += putInTransaction(key, entries.get(key), pending, false) ? 1 : 0;
                    }
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
        boolean stored = transact(key, () -> {
            pending.clear();
            double now = store.now();
            StoredEntry current = store.lookup(key);
            if (current != null && !ExpiryTimes.isExpired(current.expireTime(), now)) {
                return false;
            }
            if (current != null) {
                pending.expired(key, value(current));
            }
            writer.write(key, value);
            boolean created = createEntry(key, value, now, pending);
            if (!created && current != null) {
                store.delete(key);
            }
            return created;
        });
        events.dispatch(pending);
        if (statisticsEnabled()) {
            if (stored) {
                statistics.puts(1);
                statistics.misses(1);
                statistics.putTime(System.nanoTime() - started);
            } else {
                statistics.hits(1);
            }
        }
        return stored;
    }

    @Override
    public boolean remove(K key) {
        ensureOpen();
        requireKey(key);
        long started = System.nanoTime();
        PendingEvents<K, V> pending = new PendingEvents<>();
        boolean removed = transact(key, () -> {
            pending.clear();
            writer.delete(key);
            return removeLive(key, pending) != null;
        });
        events.dispatch(pending);
        if (removed && statisticsEnabled()) {
            statistics.removals(1);
            statistics.removeTime(System.nanoTime() - started);
        }
        return removed;
    }

    /** Removes the live entry and reports it; returns its value, or null if there was none. */
    private V removeLive(K key, PendingEvents<K, V> pending) {
        double now = store.now();
        StoredEntry current = store.lookup(key);
        if (current == null || ExpiryTimes.isExpired(current.expireTime(), now)) {
            return null;
        }
        V value = value(current);
        store.delete(key);
        pending.removed(key, value);
        return value;
    }

    @Override
    public boolean remove(K key, V oldValue) {
        ensureOpen();
        requireEntry(key, oldValue);
        long started = System.nanoTime();
        PendingEvents<K, V> pending = new PendingEvents<>();
        int outcome = transact(key, () -> {
            pending.clear();
            double now = store.now();
            StoredEntry current = store.lookup(key);
            if (current == null || ExpiryTimes.isExpired(current.expireTime(), now)) {
                return MISS;
            }
            if (!sameValue(value(current), oldValue)) {
                touchForAccess(key, now);
                return HIT;
            }
            writer.delete(key);
            store.delete(key);
            pending.removed(key, value(current));
            return CHANGED;
        });
        events.dispatch(pending);
        if (statisticsEnabled()) {
            countGet(outcome != MISS);
            statistics.getTime(System.nanoTime() - started);
            if (outcome == CHANGED) {
                statistics.removals(1);
                statistics.removeTime(System.nanoTime() - started);
            }
        }
        return outcome == CHANGED;
    }

    private static final int MISS = 0;
    private static final int HIT = 1;
    private static final int CHANGED = 2;

    private void touchForAccess(K key, double now) {
        Double accessed = expiry.forAccess(now);
        if (accessed != null) {
            store.touchAt(key, ExpiryTimes.toStore(accessed));
        }
    }

    @Override
    public V getAndRemove(K key) {
        ensureOpen();
        requireKey(key);
        long started = System.nanoTime();
        PendingEvents<K, V> pending = new PendingEvents<>();
        V removed = transact(key, () -> {
            pending.clear();
            writer.delete(key);
            return removeLive(key, pending);
        });
        events.dispatch(pending);
        if (statisticsEnabled()) {
            countGet(removed != null);
            statistics.getTime(System.nanoTime() - started);
            if (removed != null) {
                statistics.removals(1);
                statistics.removeTime(System.nanoTime() - started);
            }
        }
        return removed;
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        ensureOpen();
        requireEntry(key, newValue);
        Objects.requireNonNull(oldValue, "oldValue");
        checkTypes(key, oldValue);
        long started = System.nanoTime();
        PendingEvents<K, V> pending = new PendingEvents<>();
        int outcome = transact(key, () -> {
            pending.clear();
            double now = store.now();
            StoredEntry current = store.lookup(key);
            if (current == null || ExpiryTimes.isExpired(current.expireTime(), now)) {
                return MISS;
            }
            V currentValue = value(current);
            if (!sameValue(currentValue, oldValue)) {
                touchForAccess(key, now);
                return HIT;
            }
            writer.write(key, newValue);
            updateEntry(key, newValue, currentValue, current, now, pending);
            return CHANGED;
        });
        events.dispatch(pending);
        if (statisticsEnabled()) {
            countGet(outcome != MISS);
            statistics.getTime(System.nanoTime() - started);
            if (outcome == CHANGED) {
                statistics.puts(1);
                statistics.putTime(System.nanoTime() - started);
            }
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
        V previous = transact(key, () -> {
            pending.clear();
            double now = store.now();
            StoredEntry current = store.lookup(key);
            if (current == null || ExpiryTimes.isExpired(current.expireTime(), now)) {
                return null;
            }
            V currentValue = value(current);
            writer.write(key, value);
            updateEntry(key, value, currentValue, current, now, pending);
            return currentValue;
        });
        events.dispatch(pending);
        if (statisticsEnabled()) {
            countGet(previous != null);
            statistics.getTime(System.nanoTime() - started);
            if (previous != null) {
                statistics.puts(1);
                statistics.putTime(System.nanoTime() - started);
            }
        }
        return previous;
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
            boolean counted = transact(key, () -> {
                pending.clear();
                double now = store.now();
                StoredEntry current = store.lookup(key);
                if (current == null) {
                    return false;
                }
                store.delete(key);
                if (ExpiryTimes.isExpired(current.expireTime(), now)) {
                    pending.expired(key, value(current));
                    return false;
                }
                pending.removed(key, value(current));
                return true;
            });
            removed += counted ? 1 : 0;
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
        Object[] outcome = transact(key, () -> {
            pending.clear();
            double now = store.now();
            StoredEntry current = store.lookup(key);
            V stored = null;
            if (current != null && ExpiryTimes.isExpired(current.expireTime(), now)) {
                store.delete(key);
                pending.expired(key, value(current));
                current = null;
            } else if (current != null) {
                stored = value(current);
            }
            ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, stored,
                    configuration.isReadThrough() && loader.available() ? loader : null);
            T result;
            try {
                result = processor.process(entry, arguments);
            } catch (CacheException e) {
                throw e;
            } catch (Exception e) {
                throw new EntryProcessorException(e);
            }
            int counted = apply(key, entry, current, now, pending);
            return new Object[] {result, stored != null, counted};
        });
        events.dispatch(pending);
        if (statisticsEnabled()) {
            countGet((Boolean) outcome[1]);
            statistics.getTime(System.nanoTime() - started);
            int counted = (Integer) outcome[2];
            if (counted == APPLIED_PUT) {
                statistics.puts(1);
                statistics.putTime(System.nanoTime() - started);
            } else if (counted == APPLIED_REMOVAL) {
                statistics.removals(1);
                statistics.removeTime(System.nanoTime() - started);
            }
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome[0];
        return result;
    }

    private static final int APPLIED_NOTHING = 0;
    private static final int APPLIED_PUT = 1;
    private static final int APPLIED_REMOVAL = 2;

    /** Applies what the processor did, inside the invoke's transaction. */
    private int apply(K key, ProcessorEntry<K, V> entry, StoredEntry current, double now, PendingEvents<K, V> pending) {
        switch (entry.operation()) {
            case ACCESS -> touchForAccess(key, now);
            case CREATE, LOAD -> {
                V value = entry.value();
                checkTypes(key, value);
                if (entry.operation() == io.github.jdiskcache.jcache.processor.Operation.CREATE) {
                    writer.write(key, value);
                }
                boolean created = createEntry(key, value, now, pending);
                return created && entry.operation() == io.github.jdiskcache.jcache.processor.Operation.CREATE
                        ? APPLIED_PUT : APPLIED_NOTHING;
            }
            case UPDATE -> {
                V value = entry.value();
                checkTypes(key, value);
                writer.write(key, value);
                updateEntry(key, value, entry.stored(), current, now, pending);
                return APPLIED_PUT;
            }
            case REMOVE -> {
                writer.delete(key);
                if (current != null) {
                    store.delete(key);
                    pending.removed(key, entry.stored());
                    return APPLIED_REMOVAL;
                }
            }
            case NONE -> {
                // Nothing to apply.
            }
        }
        return APPLIED_NOTHING;
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
                StoredEntry entry = translated(() -> store.lookup(key));
                if (entry != null && !ExpiryTimes.isExpired(entry.expireTime(), now)) {
                    next = new DiskCacheEntry<>(key, value(entry));
                    touchForAccess(key, now);
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
            long started = System.nanoTime();
            PendingEvents<K, V> pending = new PendingEvents<>();
            boolean removed = transact(key, () -> {
                pending.clear();
                writer.delete(key);
                return removeLive(key, pending) != null;
            });
            events.dispatch(pending);
            if (removed && statisticsEnabled()) {
                statistics.removals(1);
                statistics.removeTime(System.nanoTime() - started);
            }
        }
    }

    // ---------------------------------------------------------------- listeners, configuration, lifecycle

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        ensureOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
        events.register(listenerConfiguration);
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        ensureOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
        events.deregister(listenerConfiguration);
    }

    @Override
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
        if (type.isInstance(configuration)) {
            return type.cast(configuration);
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

    /** Runs {@code work} in one transaction on the shard of {@code key}, translating store failures. */
    private <T> T transact(K key, Supplier<T> work) {
        return translated(() -> store.transact(key, work));
    }

    private static <T> T translated(Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            throw new CacheException(e.getMessage(), e);
        }
    }
}
