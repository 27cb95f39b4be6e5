package io.github.jdiskcache.cli;

import java.io.PrintStream;
import java.util.Arrays;

import io.github.jdiskcache.store.AccessMode;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.StoreException;
import io.github.jdiskcache.store.StoreOptions;

/**
 * The {@code jdiskcache} command-line tool. Exit codes: 0 success, 1 the command failed (missing
 * key, problems found, not a cache, store error), 2 the command line is wrong.
 */
public final class Main {
    /** Set to anything but empty or "0" to get stack traces, e.g. when reporting a bug. */
    static final String DEBUG_ENV = "JDISKCACHE_DEBUG";

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; never calls System.exit, so tests and embedders can use it. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean debug = debugRequested(args);
        try {
            Invocation invocation = ArgumentParser.parse(args);
            if (invocation.command() == Command.HELP) {
                Usage.print(out);
                return 0;
            }
            return execute(invocation, out, err);
        } catch (UsageException e) {
            err.println(Usage.PROGRAM + ": " + e.getMessage());
            err.println(Usage.hint(e.command()));
            return 2;
        } catch (CommandFailedException e) {
            err.println(Usage.PROGRAM + ": " + e.getMessage());
            return 1;
        } catch (StoreException e) {
            report(e, e.getMessage(), debug, err);
            return 1;
        } catch (RuntimeException e) {
            // Not a store error: most likely a bug, so name the exception type even without --debug.
            report(e, "unexpected error: " + e, debug, err);
            return 1;
        } finally {
            out.flush();
        }
    }

    private static int execute(Invocation invocation, PrintStream out, PrintStream err) {
        if (invocation.command().access() == Command.Access.CREATE) {
            CacheDirectory.requireCreatable(invocation.directory());
        } else {
            CacheDirectory.requireFanoutCache(invocation.directory());
        }
        try (FanoutCache cache = open(invocation)) {
            return invocation.command().handler().execute(cache, invocation, out, err);
        }
    }

    /**
     * Commands that only look open the cache read-only, so that no read path can write (no
     * schema upgrade, no counters, no removal of what this JVM cannot decode), and describe
     * objects whose classes the tool lacks instead of failing on them.
     */
    private static FanoutCache open(Invocation invocation) {
        if (invocation.command().access() != Command.Access.READ) {
            // One command, one read at most: a heap tier would only cost its set-up.
            return FanoutCache.open(invocation.directory(), null, Settings.none(), StoreOptions.defaults().withHeapBytes(0));
        }
        AccessMode access = invocation.has(Option.IMMUTABLE) ? AccessMode.IMMUTABLE : AccessMode.READ_ONLY;
        return FanoutCache.open(invocation.directory(), null, Settings.none(),
                StoreOptions.defaults().withAccess(access).withSerializer(new DescribingSerializer()));
    }

    private static void report(RuntimeException e, String message, boolean debug, PrintStream err) {
        err.println(Usage.PROGRAM + ": " + message);
        if (debug) {
            e.printStackTrace(err);
        }
    }

    /** Decided before parsing, so that a parse failure can be debugged too. */
    private static boolean debugRequested(String[] args) {
        String env = System.getenv(DEBUG_ENV);
        if (env != null && !env.isEmpty() && !env.equals("0")) {
            return true;
        }
        int end = Arrays.asList(args).indexOf("--");
        return Arrays.asList(args).subList(0, end < 0 ? args.length : end).contains(ArgumentParser.DEBUG_FLAG);
    }
}
