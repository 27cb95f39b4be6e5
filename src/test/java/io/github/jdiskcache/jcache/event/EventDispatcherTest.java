package io.github.jdiskcache.jcache.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

import org.junit.jupiter.api.Test;

/** Delivery of committed changes: batches by type, each listener's view, filters, deregistration. */
class EventDispatcherTest {
    /** What the listeners heard, as "TYPE key value old" lines, across the one JVM the test runs in. */
    static final List<String> HEARD = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private final Cache<String, String> source = (Cache<String, String>) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {Cache.class}, (proxy, method, arguments) -> {
                throw new UnsupportedOperationException("events only carry their source");
            });

    public static final class Recording implements CacheEntryCreatedListener<String, String>,
            CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>, Serializable {
        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            record("batch created", events);
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            record("batch updated", events);
        }

        @Override
        public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            record("batch removed", events);
        }

        private static void record(String batch, Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            HEARD.add(batch);
            for (CacheEntryEvent<? extends String, ? extends String> event : events) {
                HEARD.add(event.getEventType() + " " + event.getKey() + " " + event.getValue() + " "
                        + (event.isOldValueAvailable() ? event.getOldValue() : "-"));
            }
        }
    }

    public static final class SkipsKeyB implements CacheEntryEventFilter<String, String>, Serializable {
        @Override
        public boolean evaluate(CacheEntryEvent<? extends String, ? extends String> event) {
            return !event.getKey().equals("b");
        }
    }

    private static MutableCacheEntryListenerConfiguration<String, String> listener(boolean oldValueRequired,
                                                                                  boolean filtered) {
        return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(Recording.class),
                filtered ? FactoryBuilder.factoryOf(SkipsKeyB.class) : null, oldValueRequired, true);
    }

    @Test
    void consecutiveEventsOfOneTypeArriveAsOneBatchInOrder() {
        HEARD.clear();
        EventDispatcher<String, String> dispatcher = new EventDispatcher<>();
        dispatcher.register(listener(true, false));
        PendingEvents<String, String> events = new PendingEvents<>();
        events.created("a", "1");
        events.created("b", "2");
        events.updated("a", "3", "1");
        events.removed("b", "2");
        dispatcher.dispatch(source, events);
        assertEquals(List.of("batch created", "CREATED a 1 -", "CREATED b 2 -", "batch updated", "UPDATED a 3 1",
                "batch removed", "REMOVED b 2 2"), HEARD);
    }

    @Test
    void aListenerThatAsksForNoOldValuesGetsNone() {
        HEARD.clear();
        EventDispatcher<String, String> dispatcher = new EventDispatcher<>();
        dispatcher.register(listener(false, false));
        PendingEvents<String, String> events = new PendingEvents<>();
        events.updated("a", "3", "1");
        dispatcher.dispatch(source, events);
        assertEquals(List.of("batch updated", "UPDATED a 3 -"), HEARD);
    }

    @Test
    void aFilterDropsEventsBeforeTheyAreBatched() {
        HEARD.clear();
        EventDispatcher<String, String> dispatcher = new EventDispatcher<>();
        dispatcher.register(listener(true, true));
        PendingEvents<String, String> events = new PendingEvents<>();
        events.created("a", "1");
        events.created("b", "2");
        dispatcher.dispatch(source, events);
        assertEquals(List.of("batch created", "CREATED a 1 -"), HEARD);
    }

    @Test
    void aDeregisteredListenerHearsNothingAndOperationsStopReadingOldValues() {
        HEARD.clear();
        EventDispatcher<String, String> dispatcher = new EventDispatcher<>();
        MutableCacheEntryListenerConfiguration<String, String> configuration = listener(true, false);
        dispatcher.register(configuration);
        assertTrue(dispatcher.hasListeners());
        dispatcher.deregister(listener(true, false));
        assertFalse(dispatcher.hasListeners(), "an equal configuration deregisters");
        PendingEvents<String, String> events = new PendingEvents<>();
        events.created("a", "1");
        dispatcher.dispatch(source, events);
        assertEquals(List.of(), HEARD);
    }
}
