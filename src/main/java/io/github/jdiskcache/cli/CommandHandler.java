package io.github.jdiskcache.cli;

import java.io.PrintStream;

import io.github.jdiskcache.store.FanoutCache;

/** What one command does to an opened cache; returns the exit code. */
@FunctionalInterface
interface CommandHandler {
    int execute(FanoutCache cache, Invocation invocation, PrintStream out, PrintStream err);
}
