package io.github.jdiskcache.annotation;

import java.lang.annotation.Annotation;

/**
 * The shape shared by {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll}: change
 * the cache before the call, or after it returned; when the call throws, change it after all only
 * if the exception passes the annotation's filter ({@code cacheFor}/{@code evictFor} ...).
 */
abstract class CacheChangeInterceptor<A extends Annotation> implements CacheInterceptor {
    private final CacheMethod<A> method;
    private final boolean afterInvocation;
    private final ExceptionFilter changeOnException;

    CacheChangeInterceptor(CacheMethod<A> method, boolean afterInvocation, ExceptionFilter changeOnException) {
        this.method = method;
        this.afterInvocation = afterInvocation;
        this.changeOnException = changeOnException;
    }

    /** The change itself: put, remove the key, or remove all. */
    abstract void change(InvocationContext<A> context);

    @Override
    public final Object intercept(Intercepted instance, Object[] arguments) throws Throwable {
        InvocationContext<A> context = new InvocationContext<>(method, instance, arguments);
        if (!afterInvocation) {
            change(context);
        }
        Object result;
        try {
            result = instance.jdiskcache$proceed(method.index(), arguments);
        } catch (Throwable thrown) {
            if (afterInvocation && changeOnException.accepts(thrown)) {
                change(context);
            }
            throw thrown;
        }
        if (afterInvocation) {
            change(context);
        }
        return result;
    }
}
