package io.github.jdiskcache.cli;

import java.io.PrintStream;

import io.github.jdiskcache.store.FanoutCache;

/** {@code set DIR KEY VALUE [--expire SECONDS] [--tag TAG]}: silent on success, like most Unix tools. */
final class SetCommand implements CommandHandler {
    @Override
    public int execute(FanoutCache cache, Invocation invocation, PrintStream out, PrintStream err) {
        cache.set(invocation.argument(0), invocation.argument(1), invocation.option(Option.EXPIRE, Double.class),
                invocation.option(Option.TAG, String.class));
        return 0;
    }
}
