package io.github.jdiskcache.annotation;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.cache.CacheManager;
import javax.cache.annotation.CacheResolverFactory;

/**
 * A generated class with its methods' cache details, and its interceptors for each CacheManager
 * it has been used with (the default one, or managers passed in): made with the first instance
 * for a manager and shared by the later ones, each bound to its caches on its method's first call.
 */
final class InterceptedClass {
    private static final Object DEFAULT_MANAGER = new Object();

    private final MethodHandles.Lookup lookup;
    private final List<CacheMethod<?>> cacheMethods;
    /** Keyed by CacheManager, or DEFAULT_MANAGER. */
    private final Map<Object, CacheInterceptor[]> bindings = new ConcurrentHashMap<>();

    InterceptedClass(MethodHandles.Lookup lookup, List<CacheMethod<?>> cacheMethods) {
        this.lookup = lookup;
        this.cacheMethods = List.copyOf(cacheMethods);
    }

    /** The interceptors for {@code manager} (null: the default CacheManager). */
    CacheInterceptor[] interceptors(CacheManager manager) {
        if (manager == null) {
            return bindings.computeIfAbsent(DEFAULT_MANAGER, any -> bind(new DefaultCacheResolverFactory()));
        }
        // A closed manager's caches are of no further use; drop what was bound to them.
        bindings.keySet().removeIf(key -> key instanceof CacheManager bound && bound.isClosed());
        return bindings.computeIfAbsent(manager, any -> bind(new DefaultCacheResolverFactory(manager)));
    }

    private CacheInterceptor[] bind(CacheResolverFactory defaultFactory) {
        return InterceptorBinder.bind(cacheMethods, defaultFactory);
    }

    /**
     * Runs the generated constructor with {@code parameterTypes}. Unchecked exceptions of the
     * application's constructor pass through; checked ones arrive in an IllegalStateException.
     */
    Object construct(Class<?>[] parameterTypes, Object... arguments) {
        MethodHandle constructor;
        try {
            constructor = lookup.findConstructor(lookup.lookupClass(),
                    MethodType.methodType(void.class, parameterTypes));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("generated class " + lookup.lookupClass().getName()
                    + " lacks an expected constructor", e);
        }
        try {
            return constructor.invokeWithArguments(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            throw new IllegalStateException("the constructor of " + lookup.lookupClass().getSuperclass().getName()
                    + " threw " + checked, checked);
        }
    }
}
