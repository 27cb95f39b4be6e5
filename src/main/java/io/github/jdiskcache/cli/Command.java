package io.github.jdiskcache.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The commands: their syntax, what they may do to the directory, and who carries them out. */
enum Command {
    STATS("stats", List.of(), EnumSet.of(Option.IMMUTABLE), Access.READ, new StatsCommand(),
            "entries, volume, shards, size limit, hits/misses, eviction policy, file system"),
    CHECK("check", List.of(), EnumSet.of(Option.FIX), Access.EXISTING, new CheckCommand(),
            "verify databases and value files, --fix repairs; exit 1 on problems"),
    KEYS("keys", List.of(), EnumSet.of(Option.IMMUTABLE), Access.READ, new KeysCommand(),
            "print the live keys, one per line"),
    GET("get", List.of("KEY"), EnumSet.of(Option.IMMUTABLE), Access.READ, new GetCommand(),
            "print the value of KEY (bytes raw); exit 1 if absent"),
    SET("set", List.of("KEY", "VALUE"), EnumSet.of(Option.EXPIRE, Option.TAG), Access.CREATE, new SetCommand(),
            "store VALUE under KEY; creates the cache if needed"),
    DELETE("delete", List.of("KEY"), EnumSet.noneOf(Option.class), Access.EXISTING, new DeleteCommand(),
            "delete KEY; exit 1 if absent"),
    CLEAR("clear", List.of(), EnumSet.noneOf(Option.class), Access.EXISTING, new ClearCommand(),
            "delete every entry and print how many were removed"),
    HELP("help", List.of(), EnumSet.noneOf(Option.class), Access.NONE, null, "show this help");

    /**
     * Whether a command needs a cache directory, and what it may do to it: READ only looks (the
     * cache is opened so that no code path can write), EXISTING may change an existing cache,
     * CREATE may also create one.
     */
    enum Access { NONE, READ, EXISTING, CREATE }

    private final String name;
    private final List<String> operands;
    private final Set<Option> options;
    private final Access access;
    private final CommandHandler handler;
    private final String description;

    Command(String name, List<String> operands, Set<Option> options, Access access, CommandHandler handler,
            String description) {
        this.name = name;
        this.operands = operands;
        this.options = options;
        this.access = access;
        this.handler = handler;
        this.description = description;
    }

    String commandName() {
        return name;
    }

    /** Operand names after DIR. */
    List<String> operands() {
        return operands;
    }

    boolean accepts(Option option) {
        return options.contains(option);
    }

    Access access() {
        return access;
    }

    boolean needsDirectory() {
        return access != Access.NONE;
    }

    CommandHandler handler() {
        return handler;
    }

    String description() {
        return description;
    }

    String syntax() {
        StringBuilder syntax = new StringBuilder(name);
        if (needsDirectory()) {
            syntax.append(" DIR");
        }
        operands.forEach(operand -> syntax.append(' ').append(operand));
        String optional = options.stream().map(option -> " [" + option.syntax() + "]").collect(Collectors.joining());
        return syntax.append(optional).toString();
    }

    static Command byName(String name) {
        for (Command command : values()) {
            if (command.name.equals(name)) {
                return command;
            }
        }
        return null;
    }
}
