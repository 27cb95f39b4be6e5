package io.github.jdiskcache.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated command line.
 *
 * @param directory the cache directory, or null for {@link Command#HELP}
 * @param arguments the operands after the directory, as many as the command declares
 * @param options   the options given, with converted values ({@link Boolean#TRUE} for flags)
 */
record Invocation(Command command, Path directory, List<String> arguments, Map<Option, Object> options) {
    Invocation {
        arguments = List.copyOf(arguments);
        options = Map.copyOf(options);
    }

    String argument(int index) {
        return arguments.get(index);
    }

    boolean has(Option option) {
        return options.containsKey(option);
    }

    <T> T option(Option option, Class<T> type) {
        return type.cast(options.get(option));
    }
}
