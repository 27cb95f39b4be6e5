package io.github.jdiskcache.annotation;

import java.lang.reflect.Constructor;
import java.util.Objects;

import javax.cache.CacheManager;

/**
 * JSR-107 caching annotations ({@code @CacheResult}, {@code @CachePut}, {@code @CacheRemove},
 * {@code @CacheRemoveAll}, with {@code @CacheDefaults}, {@code @CacheKey}, {@code @CacheValue})
 * without a DI container:
 * <pre>{@code
 * Weather weather = CacheAnnotations.create(Weather.class, apiKey);   // new Weather(apiKey), intercepted
 * Repository repo = CacheAnnotations.implement(Repository.class, new JdbcRepository(db));
 * }</pre>
 * {@code create} returns an instance of a subclass generated (once per class) next to
 * {@code type}, in its package and class loader, so public, protected and package-private
 * annotated methods are intercepted. {@code implement} returns an implementation of an interface
 * that passes every call to {@code delegate}, through the cache for annotated methods (annotations
 * on the interface's methods or on the delegate's public implementations).
 *
 * <p>Caches are resolved by name from the default CacheManager,
 * {@code Caching.getCachingProvider().getCacheManager()} — with jdiskcache on disk, shared between
 * runs and processes — or from the {@code manager} passed in, and created with a plain
 * {@code MutableConfiguration} when missing. A {@code cacheResolverFactory} or
 * {@code cacheKeyGenerator} named in an annotation is created with its no-argument constructor.
 * Misused annotations and classes that cannot be subclassed (final, sealed, abstract; final,
 * private or static annotated methods) fail here with an {@link IllegalArgumentException}.
 */
public final class CacheAnnotations {
    private CacheAnnotations() {
    }

    /**
     * A new intercepted instance of {@code type}, made by the constructor that takes
     * {@code constructorArgs}; caches come from the default CacheManager.
     */
    public static <T> T create(Class<T> type, Object... constructorArgs) {
        return instantiate(type, null, constructorArgs);
    }

    /**
     * As {@link #create(Class, Object...)}, with caches from {@code manager}. A CacheManager right
     * after the type is always taken as this one, never as a constructor argument.
     */
    public static <T> T create(Class<T> type, CacheManager manager, Object... constructorArgs) {
        return instantiate(type, Objects.requireNonNull(manager, "manager"), constructorArgs);
    }

    /** An implementation of {@code iface} that delegates to {@code delegate}; caches from the default CacheManager. */
    public static <I> I implement(Class<I> iface, I delegate) {
        return delegate(iface, delegate, null);
    }

    /** As {@link #implement(Class, Object)}, with caches from {@code manager}. */
    public static <I> I implement(Class<I> iface, I delegate, CacheManager manager) {
        return delegate(iface, delegate, Objects.requireNonNull(manager, "manager"));
    }

    private static <T> T instantiate(Class<T> type, CacheManager manager, Object[] constructorArgs) {
        Objects.requireNonNull(type, "type");
        Object[] arguments = Objects.requireNonNull(constructorArgs, "constructorArgs");
        InterceptedClass intercepted = InterceptedClasses.subclassOf(type);
        Constructor<?> constructor =
                ConstructorChooser.choose(SubclassGenerator.inheritableConstructors(type), arguments);
        Object[] twinArguments = new Object[arguments.length + 1];
        twinArguments[0] = intercepted.interceptors(manager);
        System.arraycopy(arguments, 0, twinArguments, 1, arguments.length);
        return type.cast(intercepted.construct(SubclassGenerator.twinParameterTypes(constructor), twinArguments));
    }

    private static <I> I delegate(Class<I> iface, I delegate, CacheManager manager) {
        Objects.requireNonNull(iface, "iface");
        if (!iface.isInstance(Objects.requireNonNull(delegate, "delegate"))) {
            throw new IllegalArgumentException(
                    delegate.getClass().getName() + " does not implement " + iface.getName());
        }
        InterceptedClass intercepted = InterceptedClasses.implementationOf(iface, delegate.getClass());
        return iface.cast(intercepted.construct(DelegateGenerator.constructorParameterTypes(iface),
                intercepted.interceptors(manager), delegate));
    }
}
