package io.github.jdiskcache.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.NetworkFileSystems;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.Stats;

/** {@code stats DIR}: one "name: value" line per figure, easy to read and to grep. */
final class StatsCommand implements CommandHandler {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    @Override
    public int execute(FanoutCache cache, Invocation invocation, PrintStream out, PrintStream err) {
        // stats() without arguments only reads: turning counting on would make every later read a write.
        Stats stats = cache.stats();
        line(out, "directory", cache.directory().toString());
        line(out, "entries", Long.toString(cache.size()));
        line(out, "volume", bytes(cache.volume()));
        line(out, "shards", Integer.toString(cache.shardCount()));
        line(out, "size limit", bytes(cache.sizeLimit()));
        line(out, "hits", Long.toString(stats.hits()));
        line(out, "misses", Long.toString(stats.misses()));
        line(out, "statistics", statisticsState(cache));
        line(out, "eviction policy", evictionPolicy(cache));
        line(out, "file system", fileSystem(cache));
        return 0;
    }

    /** A cache on a network file system is not safe to share (docs/guarantees.md): say so where one looks. */
    private static String fileSystem(FanoutCache cache) {
        return NetworkFileSystems.typeOf(cache.directory())
                .map(type -> NetworkFileSystems.isNetwork(type)
                        ? type + " (a network file system: not safe for SQLite's locks, see docs/guarantees.md)"
                        : type)
                .orElse("unknown");
    }

    private static void line(PrintStream out, String name, String value) {
        out.printf("%-16s %s%n", name + ":", value);
    }

    static String bytes(long count) {
        if (count < 1024) {
            return count + " bytes";
        }
        double scaled = count;
        int unit = -1;
        while (scaled >= 1024 && unit < UNITS.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return count + " bytes (" + String.format(Locale.ROOT, "%.1f", scaled) + " " + UNITS[unit] + ")";
    }

    /** Hits and misses only move while statistics are on, so say whether they are. */
    private static String statisticsState(FanoutCache cache) {
        return joinDistinct(cache, shard -> shard.settings().statistics() ? "on" : "off");
    }

    /** Shards share one policy when written through a FanoutCache; show all if someone changed one. */
    private static String evictionPolicy(FanoutCache cache) {
        return joinDistinct(cache, shard -> shard.settings().evictionPolicy().settingValue());
    }

    private static String joinDistinct(FanoutCache cache, Function<Shard, String> property) {
        return cache.shards().stream().map(property).distinct().collect(Collectors.joining(", "));
    }
}
