package io.github.jdiskcache.collections;

import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.jdiskcache.store.EvictionPolicy;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.StoreOptions;
import io.github.jdiskcache.store.StoredEntry;
import io.github.jdiskcache.store.pickle.PlainData;

/**
 * Python diskcache's {@code Index}: a {@link Map} in insertion order whose entries are the rows of
 * one shard; replacing a value keeps the key's place, as in a {@code LinkedHashMap}. Keys and
 * values are written in their Python form ({@link PythonValues}), so {@code 42} is the key Python
 * writes as {@code 42}, and a {@linkplain PlainData#tuple tuple} key is pickled as Python pickles it.
 *
 * <p>Each method is atomic across threads and processes (one transaction of the shard); views
 * and iteration are weakly consistent, in insertion order. Null keys and values are refused; an
 * entry Python wrote as {@code None} reads as absent, and so does one only Python can read.
 * {@link #size} counts rows, as Python's {@code len} does.
 */
public final class PersistentIndex<K, V> extends AbstractMap<K, V> implements AutoCloseable {
    private final Shard shard;
    private final boolean ownsShard;
    private final EntrySet entries = new EntrySet();

    private PersistentIndex(Shard shard, boolean ownsShard) {
        this.shard = shard;
        this.ownsShard = ownsShard;
    }

    /** Python's {@code FanoutCache.index(name)}: the index in {@code <cache dir>/index/<name>}, closed with the cache. */
    public static <K, V> PersistentIndex<K, V> of(FanoutCache cache, String name) {
        return new PersistentIndex<>(cache.indexShard(name), false);
    }

    /** Python's {@code Index(directory)}: opened with {@code eviction_policy='none'}; {@link #close} closes it. */
    public static <K, V> PersistentIndex<K, V> open(Path directory) {
        Shard shard = Shard.open(directory, Settings.builder().evictionPolicy(EvictionPolicy.NONE).build(),
                StoreOptions.defaults().withPicklePlainValues(true));
        return new PersistentIndex<>(shard, true);
    }

    /** Python's {@code Index.fromcache(cache)}: over a shard the caller opened (and closes). */
    public static <K, V> PersistentIndex<K, V> on(Shard shard) {
        return new PersistentIndex<>(Objects.requireNonNull(shard, "shard"), false);
    }

    public Shard shard() {
        return shard;
    }

    private static Object keyOf(Object key) {
        return PythonValues.shareable(Objects.requireNonNull(key, "key"));
    }

    // ---------------------------------------------------------------- single entries

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        return key == null ? null : (V) shard.get(keyOf(key));
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && shard.contains(keyOf(key));
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(K key, V value) {
        Object stored = keyOf(key);
        Object written = PythonValues.shareable(Objects.requireNonNull(value, "value"));
        return shard.transact(() -> {
            V previous = (V) shard.get(stored);
            shard.set(stored, written);
            return previous;
        });
    }

    /** Python's {@code setdefault}: one atomic add, so of two processes adding a key one wins. */
    @Override
    @SuppressWarnings("unchecked")
    public V putIfAbsent(K key, V value) {
        Object stored = keyOf(key);
        Object written = PythonValues.shareable(Objects.requireNonNull(value, "value"));
        return shard.transact(() -> shard.add(stored, written) ? null : (V) shard.get(stored));
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        if (key == null) {
            return null;
        }
        StoredEntry removed = shard.pop(keyOf(key));
        return removed == null ? null : (V) removed.value();
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, shard.size());
    }

    @Override
    public boolean isEmpty() {
        return shard.size() == 0;
    }

    @Override
    public void clear() {
        shard.clear();
    }

    // ---------------------------------------------------------------- Python's extras

    /**
     * Python's {@code peekitem(last)}: the newest (or oldest) entry in insertion order.
     *
     * @throws NoSuchElementException when the index is empty
     */
    @SuppressWarnings("unchecked")
    public Map.Entry<K, V> peekItem(boolean last) {
        StoredEntry entry = shard.peekItem(last);
        return new SimpleImmutableEntry<>((K) entry.key(), (V) entry.value());
    }

    /**
     * Python's {@code popitem(last)}: removes and returns the newest (LIFO) or oldest (FIFO) entry,
     * atomically.
     *
     * @throws NoSuchElementException when the index is empty
     */
    public Map.Entry<K, V> popItem(boolean last) {
        return shard.transact(() -> {
            Map.Entry<K, V> entry = peekItem(last);
            shard.delete(entry.getKey());
            return entry;
        });
    }

    /**
     * Python's {@code push(value, prefix, side)}: stores {@code value} under the next key of a
     * queue, an integer when {@code prefix} is null, else {@code "<prefix>-NNNNNNNNNNNNNNN"}.
     * Returns the key.
     */
    public Object push(V value, String prefix, Shard.Side side) {
        return shard.push(PythonValues.shareable(Objects.requireNonNull(value, "value")), prefix, side, null, null);
    }

    /** Python's {@code pull(prefix, side=...)}: removes and returns the item at {@code side} of the queue, or null. */
    @SuppressWarnings("unchecked")
    public Map.Entry<Object, V> pull(String prefix, Shard.Side side) {
        Shard.QueueItem item = shard.pull(prefix, side);
        return item == null ? null : new SimpleImmutableEntry<>(item.key(), (V) item.value());
    }

    /**
     * Python's {@code index.memoize(name)} for a one-argument function: results are kept under
     * Python's key {@code (name, argument, None)}, so a Python function memoized with the same
     * name and plain arguments shares them. The result is kept as it is (so it comes back of its own
     * class); a null result is not kept.
     */
    public <A, R> Function<A, R> memoize(String name, Function<A, R> function) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        return argument -> {
            Object key = PlainData.tuple(name, PythonValues.shareable(argument), null);
            @SuppressWarnings("unchecked")
            R known = (R) shard.get(key);
            if (known != null) {
                return known;
            }
            R result = function.apply(argument);
            if (result != null) {
                shard.set(key, result);
            }
            return result;
        };
    }

    /** Python's {@code with index.transact():}: {@code body}'s operations on this index are one transaction. */
    public <T> T transact(Supplier<T> body) {
        return shard.transact(body);
    }

    // ---------------------------------------------------------------- views

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return entries;
    }

    /** Entries in insertion order, each read as it is reached; entries gone meanwhile are skipped. */
    private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            Iterator<Object> keys = shard.keys();
            return new Iterator<>() {
                private Map.Entry<K, V> next;
                private Object lastKey;

                @Override
                @SuppressWarnings("unchecked")
                public boolean hasNext() {
                    while (next == null && keys.hasNext()) {
                        Object key = keys.next();
                        Object value = shard.get(key);
                        if (value != null) {
                            next = new LiveEntry((K) key, (V) value);
                        }
                    }
                    return next != null;
                }

                @Override
                public Map.Entry<K, V> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Map.Entry<K, V> entry = next;
                    lastKey = entry.getKey();
                    next = null;
                    return entry;
                }

                @Override
                public void remove() {
                    if (lastKey == null) {
                        throw new IllegalStateException("next() was not called");
                    }
                    shard.delete(lastKey);
                    lastKey = null;
                }
            };
        }

        @Override
        public int size() {
            return PersistentIndex.this.size();
        }

        @Override
        public void clear() {
            PersistentIndex.this.clear();
        }
    }

    /** An entry whose {@code setValue} writes through to the index. */
    private final class LiveEntry extends SimpleEntry<K, V> {
        LiveEntry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            put(getKey(), value);
            return super.setValue(value);
        }
    }

    /** Closes the shard if this index opened it ({@link #open}); otherwise its owner closes it. */
    @Override
    public void close() {
        if (ownsShard) {
            shard.close();
        }
    }

    @Override
    public String toString() {
        return "PersistentIndex[" + shard.directory() + "]";
    }
}
