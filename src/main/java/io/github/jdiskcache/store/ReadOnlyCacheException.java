package io.github.jdiskcache.store;

/** A write to a cache whose directory this process may only read (read-only mount or permissions). */
public class ReadOnlyCacheException extends StoreException {
    public ReadOnlyCacheException(String message) {
        super(message);
    }

    public ReadOnlyCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
