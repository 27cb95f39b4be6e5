package io.github.jdiskcache.store;

/** A stored key or value exists but cannot be turned back into a Java object (e.g. a Python pickle). */
public class UnreadableValueException extends StoreException {
    public UnreadableValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
