package io.github.jdiskcache.cli;

import java.io.PrintStream;

import io.github.jdiskcache.store.FanoutCache;

/** {@code delete DIR KEY}: an absent (or already expired) key is a failure, so scripts can tell. */
final class DeleteCommand implements CommandHandler {
    @Override
    public int execute(FanoutCache cache, Invocation invocation, PrintStream out, PrintStream err) {
        String key = invocation.argument(0);
        if (!cache.delete(key)) {
            err.println(Usage.PROGRAM + ": key not found: " + key);
            return 1;
        }
        return 0;
    }
}
