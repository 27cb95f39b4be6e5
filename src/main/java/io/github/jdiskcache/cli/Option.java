package io.github.jdiskcache.cli;

/** The options commands accept; values are converted while parsing so a bad number never reaches the store. */
enum Option {
    EXPIRE("--expire", "SECONDS") {
        @Override
        Object convert(String raw) throws UsageException {
            double seconds;
            try {
                seconds = Double.parseDouble(raw.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--expire needs a number of seconds, got '" + raw + "'");
            }
            // Zero or negative would store an entry that is already expired: surely a mistake.
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new UsageException("--expire must be a positive number of seconds, got '" + raw + "'");
            }
            return seconds;
        }
    },
    TAG("--tag", "TAG"),
    FIX("--fix", null),
    IMMUTABLE("--immutable", null);

    private final String flag;
    private final String valueName;

    Option(String flag, String valueName) {
        this.flag = flag;
        this.valueName = valueName;
    }

    String flag() {
        return flag;
    }

    boolean takesValue() {
        return valueName != null;
    }

    /** How the option appears in a usage line. */
    String syntax() {
        return takesValue() ? flag + " " + valueName : flag;
    }

    Object convert(String raw) throws UsageException {
        return raw;
    }

    static Option byFlag(String flag) {
        for (Option option : values()) {
            if (option.flag.equals(flag)) {
                return option;
            }
        }
        return null;
    }
}
