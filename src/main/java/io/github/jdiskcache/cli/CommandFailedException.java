package io.github.jdiskcache.cli;

/** A well-formed command that cannot be carried out, e.g. on a directory that holds no cache (exit code 1). */
final class CommandFailedException extends RuntimeException {
    CommandFailedException(String message) {
        super(message);
    }
}
