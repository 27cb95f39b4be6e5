package io.github.jdiskcache.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.sqlite.BusyHandler;

/**
 * How a connection waits for a lock another process holds. SQLite's own busy handler sleeps
 * 1, 2, 5, 10… ms between tries, so two JVMs writing one shard lose milliseconds on every
 * collision although a write holds the lock for tens of microseconds. This one naps 20 µs,
 * doubling up to 0.5 ms, until its deadline: the lock timeout of the current write, or of the
 * wait itself for anything else.
 */
final class ShortNapBusyHandler extends BusyHandler {
    private static final long FIRST_NAP_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long LONGEST_NAP_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final long timeoutNanos;
    private long deadlineNanos;
    private long waitDeadlineNanos;

    ShortNapBusyHandler(int timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** The next waits of this connection end by {@code millis} from now (the rest of a write's lock timeout). */
    void limitTo(long millis) {
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Back to the full timeout, counted from the start of each wait. */
    void unlimit() {
        deadlineNanos = 0;
    }

    @Override
    protected int callback(int previousCalls) {
        long now = System.nanoTime();
        if (previousCalls == 0) {
            waitDeadlineNanos = deadlineNanos != 0 ? deadlineNanos : now + timeoutNanos;
        }
        if (now - waitDeadlineNanos >= 0) {
            return 0;
        }
        long nap = Math.min(LONGEST_NAP_NANOS, FIRST_NAP_NANOS << Math.min(previousCalls, 5));
        LockSupport.parkNanos(Math.min(nap, waitDeadlineNanos - now));
        return 1;
    }
}
