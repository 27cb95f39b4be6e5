package io.github.jdiskcache.cli;

import java.io.PrintStream;

import io.github.jdiskcache.store.FanoutCache;

/** {@code clear DIR}. */
final class ClearCommand implements CommandHandler {
    @Override
    public int execute(FanoutCache cache, Invocation invocation, PrintStream out, PrintStream err) {
        out.println("removed " + Plural.of(cache.clear(), "entry", "entries"));
        return 0;
    }
}
