package io.github.jdiskcache.cli;

/** The command line itself is wrong (exit code 2); the store was not touched. */
final class UsageException extends Exception {
    /** The command whose syntax to show with the message, or null when the command is unknown. */
    private final Command command;

    UsageException(String message) {
        this(message, null);
    }

    UsageException(String message, Command command) {
        super(message);
        this.command = command;
    }

    Command command() {
        return command;
    }
}
