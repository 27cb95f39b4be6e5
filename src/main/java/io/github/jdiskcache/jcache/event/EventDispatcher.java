package io.github.jdiskcache.jcache.event;

import java.util.concurrent.CopyOnWriteArrayList;

import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;

/** The listeners of one cache in this process, and the delivery of committed changes to them. */
public final class EventDispatcher<K, V> {
    private final CopyOnWriteArrayList<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();

    public void register(CacheEntryListenerConfiguration<K, V> configuration) {
        registrations.add(new ListenerRegistration<>(configuration));
    }

    public void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
        for (ListenerRegistration<K, V> registration : registrations) {
            if (registration.configuration().equals(configuration)) {
                registrations.remove(registration);
                registration.close();
            }
        }
    }

    /** False when nobody listens, so operations can skip reading values only events would need. */
    public boolean hasListeners() {
        return !registrations.isEmpty();
    }

    /** Delivers committed changes as events of {@code source}. */
    public void dispatch(Cache<K, V> source, PendingEvents<K, V> events) {
        if (events.isEmpty()) {
            return;
        }
        for (ListenerRegistration<K, V> registration : registrations) {
            registration.deliver(source, events.changes());
        }
    }

    public void close() {
        for (ListenerRegistration<K, V> registration : registrations) {
            registration.close();
        }
        registrations.clear();
    }
}
