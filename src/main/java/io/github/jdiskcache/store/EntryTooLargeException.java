package io.github.jdiskcache.store;

/**
 * An entry is larger than the size limit of the shard it would live in. diskcache stores such an
 * entry and culls it straight away, so it silently vanishes; this store refuses it instead.
 */
public class EntryTooLargeException extends StoreException {
    public EntryTooLargeException(String message) {
        super(message);
    }
}
