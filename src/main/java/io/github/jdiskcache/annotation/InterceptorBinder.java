package io.github.jdiskcache.annotation;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/**
 * Binds a class's {@link CacheMethod}s to caches. Resolver factories and key generators named in
 * annotations are created right away with their no-argument constructor (one instance per type
 * for the class), so a missing constructor fails when the object is made; each method asks its
 * factory for its resolver on its first call ({@link UnboundInterceptor}).
 */
final class InterceptorBinder {
    private static final CacheKeyGenerator DEFAULT_KEY_GENERATOR = new DefaultCacheKeyGenerator();

    private InterceptorBinder() {
    }

    /** The interceptors in method index order, as the generated class expects them. */
    static CacheInterceptor[] bind(List<CacheMethod<?>> methods, CacheResolverFactory defaultFactory) {
        Map<Class<?>, Object> created = new HashMap<>();
        CacheInterceptor[] interceptors = new CacheInterceptor[methods.size()];
        for (CacheMethod<?> method : methods) {
            CacheResolverFactory factory = method.resolverFactoryType() == null
                    ? defaultFactory : instance(created, method.resolverFactoryType(), method);
            CacheKeyGenerator keyGenerator = method.keyGeneratorType() == null
                    ? DEFAULT_KEY_GENERATOR : instance(created, method.keyGeneratorType(), method);
            interceptors[method.index()] = new UnboundInterceptor(interceptors, method.index(),
                    () -> interceptorFor(method, factory, keyGenerator));
        }
        return interceptors;
    }

    @SuppressWarnings("unchecked")
    private static CacheInterceptor interceptorFor(CacheMethod<?> method, CacheResolverFactory factory,
                                                   CacheKeyGenerator keyGenerator) {
        CacheResolver resolver = factory.getCacheResolver(method);
        Annotation annotation = method.getCacheAnnotation();
        if (annotation instanceof CacheResult result) {
            CacheMethod<CacheResult> resultMethod = (CacheMethod<CacheResult>) method;
            CacheResolver exceptionResolver = result.exceptionCacheName().isBlank()
                    ? null : factory.getExceptionCacheResolver(resultMethod);
            return new CacheResultInterceptor(resultMethod, resolver, exceptionResolver, keyGenerator);
        }
        if (annotation instanceof CachePut) {
            return new CachePutInterceptor((CacheMethod<CachePut>) method, resolver, keyGenerator);
        }
        if (annotation instanceof CacheRemove) {
            return new CacheRemoveInterceptor((CacheMethod<CacheRemove>) method, resolver, keyGenerator);
        }
        return new CacheRemoveAllInterceptor((CacheMethod<CacheRemoveAll>) method, resolver);
    }

    private static <T> T instance(Map<Class<?>, Object> created, Class<T> type, CacheMethod<?> method) {
        return type.cast(created.computeIfAbsent(type, t -> construct(t, method)));
    }

    private static Object construct(Class<?> type, CacheMethod<?> method) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                    .findConstructor(type, MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalArgumentException("cannot create " + type.getName() + " for " + method.getMethod()
                    + ": it needs a no-argument constructor (" + e + ")", e);
        }
    }
}
