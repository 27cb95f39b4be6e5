package io.github.jdiskcache.collections;

import java.nio.file.Path;
import java.util.AbstractCollection;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.jdiskcache.store.EvictionPolicy;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.StoreOptions;

/**
 * Python diskcache's {@code Deque}: a {@link Deque} whose items are rows of one shard under the
 * integer keys of its queue ({@link Shard#push}/{@link Shard#pull} without a prefix), in order of
 * key. A Java and a Python process can share it: values are written as Python writes them
 * ({@link PythonValues}: {@code 42} and {@code Map.of("k", 1)} reach Python as {@code 42} and
 * {@code {'k': 1}}, and come back to Java as {@code 42L} and a {@code LinkedHashMap}), and
 * {@link #contains}/{@link #remove(Object)} compare with that written form.
 *
 * <p>Every method is atomic across threads and processes: each is one transaction of the shard.
 * Iteration is weakly consistent (it reads page by page and skips items taken meanwhile).
 * Like {@code ArrayDeque} it refuses null elements; an item Python wrote as {@code None} reads as
 * null, and one only Python can read (a pickled object) is stepped over by {@code poll}/{@code peek}
 * and skipped by iteration, but counted by {@link #size}, which counts rows as Python's
 * {@code len} does.
 *
 * <p>{@link #withMaxLength} bounds a view as diskcache 5.5's {@code maxlen} does (5.4 has none):
 * adding at one end drops items from the other in the same transaction.
 */
public final class PersistentDeque<E> extends AbstractCollection<E> implements Deque<E>, AutoCloseable {
    private final Shard shard;
    private final int maxLength;
    private final boolean ownsShard;

    private PersistentDeque(Shard shard, int maxLength, boolean ownsShard) {
        this.shard = shard;
        this.maxLength = maxLength;
        this.ownsShard = ownsShard;
    }

    /** Python's {@code FanoutCache.deque(name)}: the deque in {@code <cache dir>/deque/<name>}, closed with the cache. */
    public static <E> PersistentDeque<E> of(FanoutCache cache, String name) {
        return new PersistentDeque<>(cache.dequeShard(name), Integer.MAX_VALUE, false);
    }

    /**
     * Python's {@code Deque(directory=...)}: a deque in a directory of its own, opened with
     * {@code eviction_policy='none'} as Python opens it; {@link #close} closes it.
     */
    public static <E> PersistentDeque<E> open(Path directory) {
        Shard shard = Shard.open(directory, Settings.builder().evictionPolicy(EvictionPolicy.NONE).build(),
                StoreOptions.defaults().withPicklePlainValues(true));
        return new PersistentDeque<>(shard, Integer.MAX_VALUE, true);
    }

    /** Python's {@code Deque.fromcache(cache)}: a deque over a shard the caller opened (and closes). */
    public static <E> PersistentDeque<E> on(Shard shard) {
        return new PersistentDeque<>(Objects.requireNonNull(shard, "shard"), Integer.MAX_VALUE, false);
    }

    /**
     * A view of this deque holding at most {@code maxLength} items: adding beyond it drops items
     * from the other end. Items beyond it now are dropped from the front at once.
     */
    public PersistentDeque<E> withMaxLength(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be >= 0, got " + maxLength);
        }
        PersistentDeque<E> bounded = new PersistentDeque<>(shard, maxLength, false);
        shard.transact(() -> {
            bounded.trim(Shard.Side.FRONT);
            return null;
        });
        return bounded;
    }

    /** The bound of this view, {@code Integer.MAX_VALUE} when unbounded. */
    public int maxLength() {
        return maxLength;
    }

    /** The shard that holds the items. */
    public Shard shard() {
        return shard;
    }

    // ---------------------------------------------------------------- ends

    @Override
    public void addFirst(E element) {
        insert(element, Shard.Side.FRONT);
    }

    @Override
    public void addLast(E element) {
        insert(element, Shard.Side.BACK);
    }

    private void insert(E element, Shard.Side side) {
        Object value = PythonValues.shareable(Objects.requireNonNull(element, "element"));
        if (maxLength == Integer.MAX_VALUE) {
            shard.push(value, null, side, null, null);
            return;
        }
        shard.transact(() -> {
            shard.push(value, null, side, null, null);
            trim(side == Shard.Side.BACK ? Shard.Side.FRONT : Shard.Side.BACK);
            return null;
        });
    }

    private void trim(Shard.Side from) {
        boolean dropped = true;
        while (dropped && shard.size() > maxLength) {
            dropped = shard.pull(null, from) != null;
        }
    }

    @Override
    public boolean offerFirst(E element) {
        addFirst(element);
        return true;
    }

    @Override
    public boolean offerLast(E element) {
        addLast(element);
        return true;
    }

    @Override
    public E removeFirst() {
        return taken(shard.pull(null, Shard.Side.FRONT));
    }

    @Override
    public E removeLast() {
        return taken(shard.pull(null, Shard.Side.BACK));
    }

    @Override
    public E pollFirst() {
        return valueOrNull(shard.pull(null, Shard.Side.FRONT));
    }

    @Override
    public E pollLast() {
        return valueOrNull(shard.pull(null, Shard.Side.BACK));
    }

    @Override
    public E getFirst() {
        return taken(shard.peek(null, Shard.Side.FRONT));
    }

    @Override
    public E getLast() {
        return taken(shard.peek(null, Shard.Side.BACK));
    }

    @Override
    public E peekFirst() {
        return valueOrNull(shard.peek(null, Shard.Side.FRONT));
    }

    @Override
    public E peekLast() {
        return valueOrNull(shard.peek(null, Shard.Side.BACK));
    }

    @SuppressWarnings("unchecked")
    private E taken(Shard.QueueItem item) {
        if (item == null) {
            throw new NoSuchElementException("deque is empty");
        }
        return (E) item.value();
    }

    @SuppressWarnings("unchecked")
    private E valueOrNull(Shard.QueueItem item) {
        return item == null ? null : (E) item.value();
    }

    // ---------------------------------------------------------------- Deque's queue and stack methods

    @Override
    public boolean add(E element) {
        addLast(element);
        return true;
    }

    @Override
    public boolean offer(E element) {
        return offerLast(element);
    }

    @Override
    public E remove() {
        return removeFirst();
    }

    @Override
    public E poll() {
        return pollFirst();
    }

    @Override
    public E element() {
        return getFirst();
    }

    @Override
    public E peek() {
        return peekFirst();
    }

    @Override
    public void push(E element) {
        addFirst(element);
    }

    @Override
    public E pop() {
        return removeFirst();
    }

    // ---------------------------------------------------------------- the middle

    @Override
    public boolean remove(Object element) {
        return removeFirstOccurrence(element);
    }

    @Override
    public boolean removeFirstOccurrence(Object element) {
        return removeOccurrence(element, false);
    }

    @Override
    public boolean removeLastOccurrence(Object element) {
        return removeOccurrence(element, true);
    }

    private boolean removeOccurrence(Object element, boolean fromBack) {
        if (element == null) {
            return false;
        }
        return shard.transact(() -> {
            Iterator<Object> keys = shard.sortedKeys(fromBack);
            while (keys.hasNext()) {
                Object key = keys.next();
                if (PythonValues.sameAs(shard.get(key), element)) {
                    return shard.delete(key);
                }
            }
            return false;
        });
    }

    @Override
    public boolean contains(Object element) {
        if (element == null) {
            return false;
        }
        for (E item : this) {
            if (PythonValues.sameAs(item, element)) {
                return true;
            }
        }
        return false;
    }

    /** Rows of the shard, as Python's {@code len(deque)}; at most {@code Integer.MAX_VALUE}. */
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

    /**
     * Python's {@code rotate(steps)}: moves {@code steps} items from the back to the front (from
     * the front to the back when negative), in one transaction.
     */
    public void rotate(long steps) {
        shard.transact(() -> {
            long size = shard.size();
            if (size == 0) {
                return null;
            }
            long moves = Math.floorMod(steps, size);
            Shard.Side from = Shard.Side.BACK;
            Shard.Side to = Shard.Side.FRONT;
            if (moves > size / 2) {
                // Fewer moves the other way round, same result.
                moves = size - moves;
                from = Shard.Side.FRONT;
                to = Shard.Side.BACK;
            }
            for (long i = 0; i < moves; i++) {
                Shard.QueueItem item = shard.pull(null, from);
                if (item == null) {
                    break;
                }
                shard.push(item.value(), null, to, null, null);
            }
            return null;
        });
    }

    /** Python's {@code with deque.transact():}: {@code body}'s operations on this deque are one transaction. */
    public <T> T transact(Supplier<T> body) {
        return shard.transact(body);
    }

    // ---------------------------------------------------------------- iteration

    /** From front to back; {@code remove()} deletes the item last returned. */
    @Override
    public Iterator<E> iterator() {
        return new Items(false);
    }

    @Override
    public Iterator<E> descendingIterator() {
        return new Items(true);
    }

    /** Python's iteration: keys in order, each item read as it is reached, items gone meanwhile skipped. */
    private final class Items implements Iterator<E> {
        private final Iterator<Object> keys;
        private Object nextKey;
        private Object nextValue;
        private Object lastKey;

        Items(boolean reverse) {
            this.keys = shard.sortedKeys(reverse);
        }

        @Override
        public boolean hasNext() {
            while (nextValue == null && keys.hasNext()) {
                Object key = keys.next();
                Object value = shard.get(key);
                if (value != null) {
                    nextKey = key;
                    nextValue = value;
                }
            }
            return nextValue != null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public E next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            E value = (E) nextValue;
            lastKey = nextKey;
            nextValue = null;
            return value;
        }

        @Override
        public void remove() {
            if (lastKey == null) {
                throw new IllegalStateException("next() was not called");
            }
            shard.delete(lastKey); // an item another process took meanwhile is gone either way
            lastKey = null;
        }
    }

    /** Closes the shard if this deque opened it ({@link #open}); otherwise its owner closes it. */
    @Override
    public void close() {
        if (ownsShard) {
            shard.close();
        }
    }

    @Override
    public String toString() {
        return "PersistentDeque[" + shard.directory() + "]";
    }
}
