package io.github.jdiskcache.store;

/**
 * The shard's write lock was not obtained within the configured lock timeout. Nothing was written:
 * the operation either happened completely or not at all, and the caller is told which.
 */
public class LockTimeoutException extends StoreException {
    public LockTimeoutException(String message) {
        super(message);
    }

    public LockTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
