package io.github.jdiskcache.jcache.event;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * A registered listener with its filter. Synchronous listeners run on the thread that changed the
 * cache, after the change committed; asynchronous ones run on a thread of their own, one event
 * batch after another, so each key's events arrive in the order they happened.
 */
final class ListenerRegistration<K, V> {
    /** Looked up when there is something to say: setting up logging is a cost of every cold start. */
    private static System.Logger log() {
        return System.getLogger(ListenerRegistration.class.getName());
    }

    private final CacheEntryListenerConfiguration<K, V> configuration;
    private final CacheEntryListener<? super K, ? super V> listener;
    private final CacheEntryEventFilter<? super K, ? super V> filter;
    private final ExecutorService asyncExecutor;

    ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration) {
        this.configuration = configuration;
        this.listener = configuration.getCacheEntryListenerFactory().create();
        Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
                configuration.getCacheEntryEventFilterFactory();
        this.filter = filterFactory == null ? null : filterFactory.create();
        this.asyncExecutor = configuration.isSynchronous() ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jdiskcache-listener");
            thread.setDaemon(true);
            return thread;
        });
    }

    CacheEntryListenerConfiguration<K, V> configuration() {
        return configuration;
    }

    void deliver(Cache<K, V> source, List<PendingEvents.Change<K, V>> changes) {
        List<List<CacheEntryEvent<K, V>>> batches = batchesFor(source, changes);
        if (batches.isEmpty()) {
            return;
        }
        if (asyncExecutor == null) {
            batches.forEach(this::invoke);
        } else {
            asyncExecutor.execute(() -> {
                for (List<CacheEntryEvent<K, V>> batch : batches) {
                    try {
                        invoke(batch);
                    } catch (RuntimeException e) {
                        log().log(System.Logger.Level.WARNING, "asynchronous cache listener " + listener + " failed",
                                e);
                    }
                }
            });
        }
    }

    /** Consecutive events of one type form one batch; the filter sees every value, the listener its own view. */
    private List<List<CacheEntryEvent<K, V>>> batchesFor(Cache<K, V> source, List<PendingEvents.Change<K, V>> changes) {
        List<List<CacheEntryEvent<K, V>>> batches = new ArrayList<>();
        List<CacheEntryEvent<K, V>> batch = null;
        EventType batchType = null;
        for (PendingEvents.Change<K, V> change : changes) {
            if (!listensTo(change.type())) {
                continue;
            }
            if (filter != null && !passes(new DiskCacheEntryEvent<>(source, change.type(), change.key(),
                    change.value(), change.oldValue(), change.type() != EventType.CREATED))) {
                continue;
            }
            if (change.type() != batchType) {
                batch = new ArrayList<>();
                batches.add(batch);
                batchType = change.type();
            }
            batch.add(viewFor(source, change));
        }
        return batches;
    }

    private boolean passes(CacheEntryEvent<K, V> event) {
        try {
            return filter.evaluate(event);
        } catch (RuntimeException e) {
            throw e instanceof CacheEntryListenerException listenerException ? listenerException
                    : new CacheEntryListenerException("cache entry event filter failed", e);
        }
    }

    private CacheEntryEvent<K, V> viewFor(Cache<K, V> source, PendingEvents.Change<K, V> change) {
        boolean oldRequired = configuration.isOldValueRequired();
        return switch (change.type()) {
            case CREATED -> new DiskCacheEntryEvent<>(source, EventType.CREATED, change.key(), change.value(), null, false);
            case UPDATED -> oldRequired
                    ? new DiskCacheEntryEvent<>(source, EventType.UPDATED, change.key(), change.value(), change.oldValue(), true)
                    : new DiskCacheEntryEvent<>(source, EventType.UPDATED, change.key(), change.value(), null, false);
            case REMOVED, EXPIRED -> oldRequired
                    ? new DiskCacheEntryEvent<>(source, change.type(), change.key(), change.oldValue(), change.oldValue(), true)
                    : new DiskCacheEntryEvent<>(source, change.type(), change.key(), null, null, false);
        };
    }

    private boolean listensTo(EventType type) {
        return switch (type) {
            case CREATED -> listener instanceof CacheEntryCreatedListener;
            case UPDATED -> listener instanceof CacheEntryUpdatedListener;
            case REMOVED -> listener instanceof CacheEntryRemovedListener;
            case EXPIRED -> listener instanceof CacheEntryExpiredListener;
        };
    }

    @SuppressWarnings("unchecked")
    private void invoke(List<CacheEntryEvent<K, V>> batch) {
        Iterable<CacheEntryEvent<? extends K, ? extends V>> events = (Iterable<CacheEntryEvent<? extends K, ? extends V>>) (Iterable<?>) batch;
        try {
            switch (batch.get(0).getEventType()) {
                case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
                case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
                case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
                case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
            }
        } catch (CacheEntryListenerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheEntryListenerException("cache entry listener " + listener + " failed", e);
        }
    }

    void close() {
        if (asyncExecutor != null) {
            asyncExecutor.shutdown();
            try {
                asyncExecutor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(listener);
        closeQuietly(filter);
    }

    private static void closeQuietly(Object resource) {
        if (resource instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log().log(System.Logger.Level.WARNING, "closing " + resource + " failed", e);
            }
        } else if (resource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log().log(System.Logger.Level.WARNING, "closing " + resource + " failed", e);
            }
        }
    }
}
