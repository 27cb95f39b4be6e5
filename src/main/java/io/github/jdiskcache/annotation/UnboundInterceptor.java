package io.github.jdiskcache.annotation;

import java.util.function.Supplier;

/**
 * Stands in for a method's interceptor until the method is first called, so that making an
 * intercepted object opens no cache: the first call asks the resolver factory (once, as the spec
 * says), and the bound interceptor takes this one's place in the class's interceptor array. A
 * thread that still reads this stand-in afterwards is simply passed on.
 */
final class UnboundInterceptor implements CacheInterceptor {
    private final CacheInterceptor[] slots;
    private final int index;
    private final Supplier<CacheInterceptor> binding;
    private CacheInterceptor bound;

    UnboundInterceptor(CacheInterceptor[] slots, int index, Supplier<CacheInterceptor> binding) {
        this.slots = slots;
        this.index = index;
        this.binding = binding;
    }

    @Override
    public Object intercept(Intercepted instance, Object[] arguments) throws Throwable {
        return bound().intercept(instance, arguments);
    }

    private synchronized CacheInterceptor bound() {
        if (bound == null) {
            bound = binding.get();
            slots[index] = bound;
        }
        return bound;
    }
}
