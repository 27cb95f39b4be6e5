package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Python's spin-lock wait: try, and if it failed, nap a millisecond and try again. Nothing wakes a
 * waiter across processes, so polling is the only way; a millisecond keeps handovers quick.
 */
final class Spinning {
    private static final long NAP_MILLIS = 1;

    private Spinning() {
    }

    /** Tries until {@code attempt} succeeds or {@code timeout} (null: never) runs out; false on timeout. */
    static boolean until(BooleanSupplier attempt, Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        while (!attempt.getAsBoolean()) {
            if (timeout != null && System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(NAP_MILLIS);
        }
        return true;
    }
}
