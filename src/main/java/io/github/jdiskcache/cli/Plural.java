package io.github.jdiskcache.cli;

/** "1 entry", "2 entries": counts in messages read as English. */
final class Plural {
    private Plural() {
    }

    static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
