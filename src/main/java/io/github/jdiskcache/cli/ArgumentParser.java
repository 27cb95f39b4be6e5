package io.github.jdiskcache.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the command line into an {@link Invocation}. Options may appear anywhere, as
 * {@code --name value} or {@code --name=value}; after {@code --} everything is an operand, so keys
 * and values may start with dashes. A single dash does not start an option: {@code -5} is a key.
 */
final class ArgumentParser {
    static final String DEBUG_FLAG = "--debug";
    private static final String END_OF_OPTIONS = "--";

    private ArgumentParser() {
    }

    static Invocation parse(String[] args) throws UsageException {
        List<String> positional = new ArrayList<>();
        Map<Option, String> rawOptions = new EnumMap<>(Option.class);
        boolean helpRequested = false;
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String token = args[i];
            if (optionsEnded || !token.startsWith("--")) {
                positional.add(token);
            } else if (token.equals(END_OF_OPTIONS)) {
                optionsEnded = true;
            } else if (token.equals("--help")) {
                helpRequested = true;
            } else if (!token.equals(DEBUG_FLAG)) {
                int equals = token.indexOf('=');
                String flag = equals < 0 ? token : token.substring(0, equals);
                Option option = Option.byFlag(flag);
                if (option == null) {
                    throw new UsageException("unknown option " + flag);
                }
                String value;
                if (!option.takesValue()) {
                    if (equals >= 0) {
                        throw new UsageException(flag + " takes no value");
                    }
                    value = "";
                } else if (equals >= 0) {
                    value = token.substring(equals + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException(option.syntax() + ": missing value");
                }
                if (rawOptions.put(option, value) != null) {
                    throw new UsageException(flag + " given more than once");
                }
            }
        }
        if (helpRequested || positional.isEmpty()) {
            return new Invocation(Command.HELP, null, List.of(), Map.of());
        }
        Command command = Command.byName(positional.get(0));
        if (command == null) {
            throw new UsageException("unknown command '" + positional.get(0) + "'");
        }
        if (command == Command.HELP) {
            return new Invocation(Command.HELP, null, List.of(), Map.of());
        }
        return build(command, positional.subList(1, positional.size()), rawOptions);
    }

    private static Invocation build(Command command, List<String> operands, Map<Option, String> rawOptions)
            throws UsageException {
        String name = command.commandName();
        List<String> expected = new ArrayList<>();
        expected.add("DIR");
        expected.addAll(command.operands());
        if (operands.size() < expected.size()) {
            throw new UsageException(name + ": missing " + expected.get(operands.size()), command);
        }
        if (operands.size() > expected.size()) {
            throw new UsageException(name + ": unexpected argument '" + operands.get(expected.size()) + "'", command);
        }
        Map<Option, Object> options = new EnumMap<>(Option.class);
        for (Map.Entry<Option, String> raw : rawOptions.entrySet()) {
            Option option = raw.getKey();
            if (!command.accepts(option)) {
                throw new UsageException(name + " does not take " + option.flag(), command);
            }
            try {
                options.put(option, option.takesValue() ? option.convert(raw.getValue()) : Boolean.TRUE);
            } catch (UsageException e) {
                throw new UsageException(e.getMessage(), command);
            }
        }
        return new Invocation(command, directory(operands.get(0), command), operands.subList(1, operands.size()),
                options);
    }

    private static Path directory(String text, Command command) throws UsageException {
        if (text.isEmpty()) {
            throw new UsageException(command.commandName() + ": DIR must not be empty", command);
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException(command.commandName() + ": invalid directory '" + text + "': " + e.getReason(),
                    command);
        }
    }
}
