package io.github.jdiskcache.jcache.operation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.event.EventType;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheWriter;

import io.github.jdiskcache.jcache.DiskCacheEntry;
import io.github.jdiskcache.jcache.event.PendingEvents;
import io.github.jdiskcache.jcache.expiry.ExpiryTimes;
import io.github.jdiskcache.jcache.integration.WriteThrough;
import io.github.jdiskcache.store.ComputeFixture;
import io.github.jdiskcache.store.CurrentEntry;

/**
 * Operations without SQLite: a fixed clock, an expiry policy, a writer that records its calls and a
 * listening switch. Operations are decided on entries made by {@link ComputeFixture}.
 */
final class OperationFixture {
    /** The clock's time, epoch seconds; never moved by the store, so expire times are exact. */
    static final double NOW = 1_800_000_000.0;
    static final Duration TEN_SECONDS = new Duration(TimeUnit.SECONDS, 10);

    final List<String> writerCalls = new ArrayList<>();
    boolean listening;
    private ExpiryPolicy policy = new EternalExpiryPolicy();

    OperationFixture expiring(ExpiryPolicy expiryPolicy) {
        this.policy = expiryPolicy;
        return this;
    }

    OperationFixture listening() {
        this.listening = true;
        return this;
    }

    OperationContext<String, String> context() {
        return contextOf(String.class);
    }

    <V> OperationContext<String, V> contextOf(Class<V> valueType) {
        return new OperationContext<>(() -> NOW, new ExpiryTimes(policy), new WriteThrough<>(new RecordingWriter(), DiskCacheEntry::new),
                new EntryTypes<>("test", String.class, valueType), () -> listening);
    }

    static ComputeFixture.Change decide(KeyOperation<String, ?, ?> operation, CurrentEntry current) {
        return ComputeFixture.describe(operation.decideAt(current, NOW));
    }

    static PendingEvents.Change<String, String> event(EventType type, String key, String value, String oldValue) {
        return new PendingEvents.Change<>(type, key, value, oldValue);
    }

    private final class RecordingWriter implements CacheWriter<Object, Object> {
        @Override
        public void write(Cache.Entry<?, ?> entry) {
            writerCalls.add("write " + entry.getKey() + "=" + entry.getValue());
        }

        @Override
        public void writeAll(Collection<Cache.Entry<?, ?>> entries) {
            throw new UnsupportedOperationException("single-key operations write one entry");
        }

        @Override
        public void delete(Object key) {
            writerCalls.add("delete " + key);
        }

        @Override
        public void deleteAll(Collection<?> keys) {
            throw new UnsupportedOperationException("single-key operations delete one key");
        }
    }
}
