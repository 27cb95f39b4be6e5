package io.github.jdiskcache.store.pickle;

/**
 * A well-formed pickle this reader will not read: an opcode that imports or calls (GLOBAL, REDUCE,
 * BUILD…), one that builds a type outside the plain-data mapping, a protocol above 5, or a value
 * beyond the reader's bounds (nesting, shared structure that expands too far, a cycle). Python may
 * read it; for Java it is "unreadable here".
 */
public class PickleRefusedException extends UnpicklingException {
    PickleRefusedException(String subject, String message) {
        super(subject, message);
    }
}
