package io.github.jdiskcache.cli;

import java.io.PrintStream;

/** The help text, generated from {@link Command} so that it cannot drift from what the parser accepts. */
final class Usage {
    static final String PROGRAM = "jdiskcache";

    private Usage() {
    }

    static void print(PrintStream out) {
        out.println("usage: " + PROGRAM + " COMMAND [DIR] [ARGS...]   (java -jar jdiskcache-cli.jar ...)");
        out.println();
        out.println("Inspects and edits a FanoutCache directory written by jdiskcache or Python's diskcache.");
        out.println("Keys and values given on the command line are strings.");
        out.println();
        out.println("commands:");
        int width = 0;
        for (Command command : Command.values()) {
            width = Math.max(width, command.syntax().length());
        }
        for (Command command : Command.values()) {
            out.printf("  %-" + width + "s  %s%n", command.syntax(), command.description());
        }
        out.println();
        out.println("options:");
        out.println("  --expire SECONDS  the entry expires after SECONDS (fractions allowed)");
        out.println("  --tag TAG         tag the entry with the string TAG");
        out.println("  --fix             repair what check finds");
        out.println("  --immutable       read a cache nothing writes (read-only media) without its WAL files");
        out.println("  " + ArgumentParser.DEBUG_FLAG + "           print stack traces of errors (or set "
                + Main.DEBUG_ENV + "=1)");
        out.println("  --                what follows is an operand even if it starts with --");
        out.println();
        out.println("Keys that are not strings are printed as numbers, as " + ValueRenderer.BYTES_PREFIX
                + "HEX, or as TEXT (CLASS);");
        out.println("<java CLASS, N bytes> is an object whose class the tool lacks, <python pickle, N bytes>"
                + " a pickle of more than plain data; tuples, lists, dicts and sets are shown as Python writes them.");
        out.println("stats, keys and get never change the cache.");
        out.println("Exit status: 0 success; 1 missing key, problems found, not a cache, store error; 2 usage error.");
    }

    /** The hint that follows a usage error message. */
    static String hint(Command command) {
        String help = "run '" + PROGRAM + " help' for all commands";
        return command == null ? help : "usage: " + PROGRAM + " " + command.syntax() + "; " + help;
    }
}
