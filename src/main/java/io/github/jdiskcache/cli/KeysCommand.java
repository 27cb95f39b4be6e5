package io.github.jdiskcache.cli;

import java.io.PrintStream;
import java.util.Iterator;

import io.github.jdiskcache.store.FanoutCache;

/** {@code keys DIR}: live keys, shard by shard in insertion order. */
final class KeysCommand implements CommandHandler {
    @Override
    public int execute(FanoutCache cache, Invocation invocation, PrintStream out, PrintStream err) {
        Iterator<Object> keys = cache.liveKeys();
        while (keys.hasNext()) {
            out.println(ValueRenderer.keyText(keys.next()));
            // A closed pipe (keys DIR | head) makes PrintStream fail silently; stop paging the shards then.
            if (out.checkError()) {
                return 1;
            }
        }
        return 0;
    }
}
