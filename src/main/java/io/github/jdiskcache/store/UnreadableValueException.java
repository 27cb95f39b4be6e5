package io.github.jdiskcache.store;

/**
 * A stored key or value exists but this process cannot turn it back into a Java object: its class
 * is missing here or changed, the deserialization filter refuses it, or it is a Python pickle.
 * Another reader may still read it, so it is never a reason to delete it.
 */
public class UnreadableValueException extends StoreException {
    private final String subject;

    public UnreadableValueException(String message, Throwable cause) {
        this(message, message, cause);
    }

    /** @param subject what cannot be read, briefly (a class name), for logging each cause once */
    public UnreadableValueException(String subject, String message, Throwable cause) {
        super(message, cause);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
