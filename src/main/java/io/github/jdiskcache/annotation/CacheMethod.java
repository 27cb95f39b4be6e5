package io.github.jdiskcache.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolverFactory;

/**
 * Everything about one annotated method that does not depend on a call, worked out once when its
 * class is generated: the cache name, which arguments form the key, which one is the value, and
 * which resolver factory and key generator apply ({@code null} = the default one).
 * {@code index} is the method's slot in the generated class (its interceptor and its super call).
 */
final class CacheMethod<A extends Annotation> implements CacheMethodDetails<A> {
    private final int index;
    private final Method method;
    private final Set<Annotation> annotations;
    private final A cacheAnnotation;
    private final String cacheName;
    private final List<CacheParameter> parameters;
    private final int[] keyPositions;
    private final int valuePosition;
    private final Class<? extends CacheResolverFactory> resolverFactoryType;
    private final Class<? extends CacheKeyGenerator> keyGeneratorType;

    CacheMethod(int index, Method method, A cacheAnnotation, String cacheName, List<CacheParameter> parameters,
                int[] keyPositions, int valuePosition, Class<? extends CacheResolverFactory> resolverFactoryType,
                Class<? extends CacheKeyGenerator> keyGeneratorType) {
        this.index = index;
        this.method = method;
        this.annotations = Set.of(method.getAnnotations());
        this.cacheAnnotation = cacheAnnotation;
        this.cacheName = cacheName;
        this.parameters = List.copyOf(parameters);
        this.keyPositions = keyPositions.clone();
        this.valuePosition = valuePosition;
        this.resolverFactoryType = resolverFactoryType;
        this.keyGeneratorType = keyGeneratorType;
    }

    int index() {
        return index;
    }

    List<CacheParameter> parameters() {
        return parameters;
    }

    int keyCount() {
        return keyPositions.length;
    }

    int keyPosition(int i) {
        return keyPositions[i];
    }

    /** The position of the {@code @CacheValue} parameter, or -1. */
    int valuePosition() {
        return valuePosition;
    }

    Class<? extends CacheResolverFactory> resolverFactoryType() {
        return resolverFactoryType;
    }

    Class<? extends CacheKeyGenerator> keyGeneratorType() {
        return keyGeneratorType;
    }

    @Override
    public Method getMethod() {
        return method;
    }

    @Override
    public Set<Annotation> getAnnotations() {
        return annotations;
    }

    @Override
    public A getCacheAnnotation() {
        return cacheAnnotation;
    }

    @Override
    public String getCacheName() {
        return cacheName;
    }

    @Override
    public String toString() {
        return "@" + cacheAnnotation.annotationType().getSimpleName() + " " + method + " -> cache " + cacheName;
    }
}
