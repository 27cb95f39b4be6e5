package io.github.jdiskcache.recipes;

/** A held lock or semaphore permit; {@link #close} releases it, so it fits try-with-resources. */
@FunctionalInterface
public interface Held extends AutoCloseable {
    @Override
    void close();
}
