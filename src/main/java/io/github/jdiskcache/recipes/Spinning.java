package io.github.jdiskcache.recipes;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Python's spin-lock wait: try, and if it failed, nap a millisecond and try again. Nothing wakes a
 * waiter across processes, so polling is the only way; a millisecond keeps handovers quick.
 */
final class Spinning {
    private static final long NAP_MILLIS = 1;

    private Spinning() {
    }

    /** Waits until {@code attempt} takes the lock or permit; the handle gives it back with {@code release}. */
    static Held acquire(BooleanSupplier attempt, Held release) throws InterruptedException {
        until(attempt, null);
        return release;
    }

    /** {@link #acquire(BooleanSupplier, Held)} waiting at most {@code timeout}; empty when it ran out. */
    static Optional<Held> acquire(BooleanSupplier attempt, Held release, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return until(attempt, timeout) ? Optional.of(release) : Optional.empty();
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
