package io.github.jdiskcache.store;

import java.nio.file.Path;

/**
 * Child-JVM entry point: as the JVM's first work, opens the FanoutCache in {@code args[0]} and
 * prints {@code VALUE <value>} of key {@code args[1]}, nothing else: what a cold read loads.
 */
public final class ColdReadWorker {
    static final String VALUE = "VALUE ";

    public static void main(String[] args) {
        try (FanoutCache cache = FanoutCache.open(Path.of(args[0]))) {
            System.out.println(VALUE + cache.get(args[1]));
        }
    }
}
