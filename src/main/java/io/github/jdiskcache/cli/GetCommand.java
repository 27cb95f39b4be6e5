package io.github.jdiskcache.cli;

import java.io.PrintStream;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.StoredEntry;

/** {@code get DIR KEY}. */
final class GetCommand implements CommandHandler {
    @Override
    public int execute(FanoutCache cache, Invocation invocation, PrintStream out, PrintStream err) {
        String key = invocation.argument(0);
        // getEntry rather than get: get counts a hit and updates the eviction order when those are
        // enabled, and looking at a cache should not change what stats reports or what is evicted next.
        StoredEntry entry = cache.getEntry(key);
        if (entry == null) {
            err.println(Usage.PROGRAM + ": key not found: " + key);
            return 1;
        }
        if (entry.value() instanceof Undecoded undecoded) {
            err.println(Usage.PROGRAM + ": cannot decode the value of " + key + ": " + undecoded + " ("
                    + undecoded.reason() + ")");
            return 1;
        }
        ValueRenderer.writeValue(entry.value(), out);
        return 0;
    }
}
