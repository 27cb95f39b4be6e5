package io.github.jdiskcache.testing;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waiting, bounded, for threads of a test to reach a point that another thread or process controls. */
public final class Threads {
    private static final long BOUND_SECONDS = 30;

    private Threads() {
    }

    /** Waits until a live thread named {@code namePrefix}… is inside a method of {@code className}. */
    public static void awaitThreadInside(String namePrefix, String className) {
        await(namePrefix, thread -> Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(className)), 1);
    }

    /** Waits until {@code count} live threads named {@code namePrefix}… satisfy {@code condition}. */
    public static void await(String namePrefix, Predicate<Thread> condition, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(namePrefix)).filter(condition).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("threads did not reach the expected point: " + Thread.getAllStackTraces().keySet());
            }
            pause();
        }
    }

    /** A short pause between two looks at a condition that another thread or process will make true. */
    public static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
