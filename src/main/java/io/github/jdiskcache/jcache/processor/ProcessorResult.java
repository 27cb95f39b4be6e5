package io.github.jdiskcache.jcache.processor;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/** One key's outcome of {@code invokeAll}: the processor's result, or the exception it ended with. */
public final class ProcessorResult<T> implements EntryProcessorResult<T> {
    private final T result;
    private final RuntimeException failure;

    private ProcessorResult(T result, RuntimeException failure) {
        this.result = result;
        this.failure = failure;
    }

    public static <T> ProcessorResult<T> of(T result) {
        return new ProcessorResult<>(result, null);
    }

    public static <T> ProcessorResult<T> failed(RuntimeException failure) {
        return new ProcessorResult<>(null, failure instanceof EntryProcessorException ? failure
                : new EntryProcessorException(failure));
    }

    @Override
    public T get() {
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
