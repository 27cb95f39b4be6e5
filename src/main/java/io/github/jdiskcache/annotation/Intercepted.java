package io.github.jdiskcache.annotation;

/**
 * Implemented by every class {@link CacheAnnotations} generates, so an instance can be recognised
 * ({@code instanceof Intercepted}). The methods are the generated class's side of an interception,
 * called by the interceptors; they are public only because the generated classes live in the
 * application's packages. Applications have no reason to call them.
 */
public interface Intercepted {

    /**
     * Runs the original body of intercepted method number {@code method}: {@code super.m(...)} for
     * a generated subclass, {@code delegate.m(...)} for an interface implementation. Primitive
     * results come back boxed, {@code void} as null.
     */
    Object jdiskcache$proceed(int method, Object[] arguments) throws Throwable;

    /** The object whose code runs: this instance, or the delegate of an interface implementation. */
    Object jdiskcache$target();
}
