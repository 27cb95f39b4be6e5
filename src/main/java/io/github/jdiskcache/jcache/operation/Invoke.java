package io.github.jdiskcache.jcache.operation;

import java.util.function.Function;

import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;

import io.github.jdiskcache.jcache.processor.Operation;
import io.github.jdiskcache.jcache.processor.ProcessorEntry;
import io.github.jdiskcache.store.CurrentEntry;
import io.github.jdiskcache.store.EntryChange;

/**
 * {@code invoke}: runs the entry processor under the key's lease, outside any transaction, and
 * applies what it did.
 * Whether a live value was there counts as a hit or a miss; a set counts as a put, a removal of a
 * live entry as a removal (a load counts as neither).
 */
public final class Invoke<K, V, T> extends KeyOperation<K, V, T> {
    private final EntryProcessor<K, V, T> processor;
    private final Object[] arguments;
    private final Function<? super K, ? extends V> loader;

    /** @param loader loads the key for {@code getValue()} when read-through is on, else null */
    public Invoke(K key, EntryProcessor<K, V, T> processor, Object[] arguments, Function<? super K, ? extends V> loader,
           OperationContext<K, V> context) {
        super(key, context);
        this.processor = processor;
        this.arguments = arguments;
        this.loader = loader;
    }

    @Override
    boolean runsUserCode() {
        return true;
    }

    @Override
    EntryChange decide(CurrentEntry current, double now) {
        V stored = liveValue(current, now);
        // Not "no value": a value this process cannot read is left alone unless the processor writes.
        boolean expired = isExpired(current, now);
        if (expired) {
            reportExpired(current);
        }
        ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, stored, loader);
        try {
            result = processor.process(entry, arguments);
        } catch (CacheException e) {
            throw e;
        } catch (Exception e) {
            throw new EntryProcessorException(e);
        }
        access = stored != null ? Access.HIT : Access.MISS;
        EntryChange change = applied(entry, current, now);
        return expired && change == EntryChange.keep() ? EntryChange.delete() : change;
    }

    /** The change that applies what the processor did. */
    private EntryChange applied(ProcessorEntry<K, V> entry, CurrentEntry current, double now) {
        switch (entry.operation()) {
            case ACCESS -> {
                return accessed(now);
            }
            case CREATE, LOAD -> {
                V value = entry.value();
                context.types.check(key, value);
                boolean created = entry.operation() == Operation.CREATE;
                if (created) {
                    context.writer.write(key, value);
                }
                EntryChange change = create(value, current, now);
                if (stored && created) {
                    write = Write.PUT;
                }
                return change;
            }
            case UPDATE -> {
                V value = entry.value();
                context.types.check(key, value);
                context.writer.write(key, value);
                write = Write.PUT;
                return update(value, entry.stored(), current, now);
            }
            case REMOVE -> {
                context.writer.delete(key);
                if (entry.stored() != null) {
                    events.removed(key, entry.stored());
                    write = Write.REMOVAL;
                    return EntryChange.delete();
                }
                return EntryChange.keep();
            }
            default -> {
                return EntryChange.keep();
            }
        }
    }
}
