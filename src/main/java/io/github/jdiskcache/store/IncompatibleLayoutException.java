package io.github.jdiskcache.store;

/** The directory holds a cache laid out differently from what the caller asked for, e.g. another shard count. */
public class IncompatibleLayoutException extends StoreException {
    public IncompatibleLayoutException(String message) {
        super(message);
    }
}
