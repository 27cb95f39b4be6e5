package io.github.jdiskcache.cli;

import java.io.PrintStream;
import java.util.List;

import io.github.jdiskcache.store.FanoutCache;

/** {@code check DIR [--fix]}: exits 1 whenever problems were found, fixed or not, so scripts notice them. */
final class CheckCommand implements CommandHandler {
    @Override
    public int execute(FanoutCache cache, Invocation invocation, PrintStream out, PrintStream err) {
        boolean fix = invocation.has(Option.FIX);
        List<String> warnings = cache.check(fix);
        warnings.forEach(out::println);
        if (warnings.isEmpty()) {
            out.println("ok: no problems found");
            return 0;
        }
        String found = Plural.of(warnings.size(), "problem", "problems");
        if (fix) {
            out.println(found + " found and fixed");
        } else {
            out.println(found + " found; run '" + Usage.PROGRAM + " check " + invocation.directory()
                    + " --fix' to repair");
        }
        return 1;
    }
}
