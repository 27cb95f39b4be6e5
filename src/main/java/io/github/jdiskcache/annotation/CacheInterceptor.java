package io.github.jdiskcache.annotation;

/**
 * What a generated method override calls: the cache behaviour of one annotated method, bound to
 * its resolved caches. Public only because generated classes in the application's packages call it.
 */
public interface CacheInterceptor {

    /**
     * Applies the method's annotation around the call; {@code instance.jdiskcache$proceed} runs the
     * original method. Returns its (boxed) result and throws what it throws.
     */
    Object intercept(Intercepted instance, Object[] arguments) throws Throwable;
}
