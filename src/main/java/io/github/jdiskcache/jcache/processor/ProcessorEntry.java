package io.github.jdiskcache.jcache.processor;

import java.util.function.Function;

import javax.cache.processor.MutableEntry;

/**
 * The entry an {@link javax.cache.processor.EntryProcessor} works on. It only records what the
 * processor does; the cache applies the final {@link #operation()} in the same transaction.
 */
public final class ProcessorEntry<K, V> implements MutableEntry<K, V> {
    private final K key;
    private final V stored;
    private final Function<? super K, ? extends V> loader;
    private V value;
    private Operation operation = Operation.NONE;

    /**
     * @param stored the live value when the processor started, or null
     * @param loader loads the key when read-through is on, else null
     */
    public ProcessorEntry(K key, V stored, Function<? super K, ? extends V> loader) {
        this.key = key;
        this.stored = stored;
        this.loader = loader;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        if (operation == Operation.NONE) {
            if (stored != null) {
                value = stored;
                operation = Operation.ACCESS;
            } else if (loader != null) {
                value = loader.apply(key);
                if (value != null) {
                    operation = Operation.LOAD;
                }
            }
        }
        return value;
    }

    @Override
    public boolean exists() {
        return (operation == Operation.NONE && stored != null) || value != null;
    }

    /**
     * Undoes a create or load; otherwise records a removal, even of a missing entry, because a
     * write-through cache must still tell its writer to delete the key.
     */
    @Override
    public void remove() {
        operation = operation == Operation.CREATE || operation == Operation.LOAD ? Operation.NONE : Operation.REMOVE;
        value = null;
    }

    @Override
    public void setValue(V newValue) {
        if (newValue == null) {
            throw new NullPointerException("an entry processor cannot set a null value");
        }
        operation = stored == null ? Operation.CREATE : Operation.UPDATE;
        value = newValue;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        throw new IllegalArgumentException("cannot unwrap an entry processor's entry to " + clazz.getName());
    }

    public Operation operation() {
        return operation;
    }

    /** The value the processor left (for CREATE, LOAD and UPDATE). */
    public V value() {
        return value;
    }

    public V stored() {
        return stored;
    }
}
