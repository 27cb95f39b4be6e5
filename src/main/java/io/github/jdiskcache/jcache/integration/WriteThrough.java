package io.github.jdiskcache.jcache.integration;

import java.util.Collection;
import java.util.function.BiFunction;

import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * The cache's writer when write-through is on. The writer is called before the store changes,
 * under the key's lease and outside any transaction, so a writer failure leaves the cache untouched
 * and a slow writer holds up only its own key.
 */
public final class WriteThrough<K, V> {
    private final CacheWriter<? super K, ? super V> writer;
    private final BiFunction<K, V, Cache.Entry<K, V>> entries;

    /**
     * @param writer  the configured writer, or null when write-through is off
     * @param entries makes the entry a single write hands the writer
     */
    public WriteThrough(CacheWriter<? super K, ? super V> writer, BiFunction<K, V, Cache.Entry<K, V>> entries) {
        this.writer = writer;
        this.entries = entries;
    }

    public boolean enabled() {
        return writer != null;
    }

    public CacheWriter<? super K, ? super V> writer() {
        return writer;
    }

    public void write(K key, V value) {
        if (writer == null) {
            return;
        }
        try {
            writer.write(entries.apply(key, value));
        } catch (RuntimeException e) {
            throw wrap(e);
        }
    }

    public void delete(K key) {
        if (writer == null) {
            return;
        }
        try {
            writer.delete(key);
        } catch (RuntimeException e) {
            throw wrap(e);
        }
    }

    /**
     * Writes all entries; the writer removes from {@code entries} those it wrote. Returns the
     * failure (entries left in the collection were not written), or null.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public CacheWriterException writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
        if (writer == null || entries.isEmpty()) {
            return null;
        }
        try {
            // The writer accepts supertypes of K and V, so entries of K and V are valid arguments.
            ((CacheWriter) writer).writeAll(entries);
            return null;
        } catch (RuntimeException e) {
            return wrap(e);
        }
    }

    /** Deletes all keys; the writer removes from {@code keys} those it deleted. Returns the failure, or null. */
    public CacheWriterException deleteAll(Collection<?> keys) {
        if (writer == null || keys.isEmpty()) {
            return null;
        }
        try {
            writer.deleteAll(keys);
            return null;
        } catch (RuntimeException e) {
            return wrap(e);
        }
    }

    private static CacheWriterException wrap(RuntimeException e) {
        return e instanceof CacheWriterException writerException ? writerException
                : new CacheWriterException("cache writer failed: " + e, e);
    }
}
