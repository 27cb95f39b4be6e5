package io.github.jdiskcache.store;

/** Any failure of the on-disk store: SQLite errors, file I/O errors, unreadable data. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
