package io.github.jdiskcache.store.pickle;

/**
 * The bytes are no pickle this reader can turn into plain data: cut short, inconsistent (a stack
 * underflow, a memo slot never set, an unhashable dict key), or refused
 * ({@link PickleRefusedException}). Nothing was run and nothing is changed by the attempt.
 */
public class UnpicklingException extends RuntimeException {
    private final String subject;

    UnpicklingException(String subject, String message) {
        super(message);
        this.subject = subject;
    }

    /** What went wrong, briefly and without the details of one stream, so a log can name each cause once. */
    public String subject() {
        return subject;
    }
}
