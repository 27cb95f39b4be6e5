package io.github.jdiskcache.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * Reads the JSR-107 annotations of one method into a {@link CacheMethod}, applying the spec's
 * rules: method attributes before {@code @CacheDefaults} before the generated cache name
 * {@code package.Class.method(param.Type,...)}; key = the {@code @CacheKey} parameters, or all
 * parameters but the {@code @CacheValue} one. Misuse is reported when the class is generated, as
 * an {@link IllegalArgumentException} naming the method.
 */
final class CacheMethodReader {
    private static final List<Class<? extends Annotation>> CACHE_ANNOTATIONS =
            List.of(CacheResult.class, CachePut.class, CacheRemove.class, CacheRemoveAll.class);

    private CacheMethodReader() {
    }

    static boolean isAnnotated(Method method) {
        return CACHE_ANNOTATIONS.stream().anyMatch(method::isAnnotationPresent);
    }

    /**
     * @param targetType the class (or interface) whose {@code @CacheDefaults} apply, searched with
     *                   its superclasses and then the method's declaring class
     */
    static CacheMethod<?> read(int index, Method method, Class<?> targetType) {
        List<Annotation> found = CACHE_ANNOTATIONS.stream()
                .<Annotation>map(method::getAnnotation).filter(Objects::nonNull).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException(method + " has " + found.stream()
                    .map(a -> "@" + a.annotationType().getSimpleName()).collect(Collectors.joining(" and "))
                    + ": a method may have only one cache annotation");
        }
        return read(index, method, found.get(0), defaultsFor(targetType, method));
    }

    private static <A extends Annotation> CacheMethod<A> read(int index, Method method, A annotation,
                                                              CacheDefaults defaults) {
        Settings settings = Settings.of(annotation);
        boolean valueAllowed = annotation instanceof CachePut;
        List<CacheParameter> parameters = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        int value = -1;
        Class<?>[] types = method.getParameterTypes();
        Annotation[][] parameterAnnotations = method.getParameterAnnotations();
        for (int position = 0; position < types.length; position++) {
            Set<Annotation> annotations = Set.of(parameterAnnotations[position]);
            parameters.add(new CacheParameter(types[position], annotations, position));
            if (hasAnnotation(annotations, CacheValue.class)) {
                if (!valueAllowed) {
                    throw new IllegalArgumentException(method + ": @CacheValue is allowed only on a @CachePut method");
                }
                if (value >= 0) {
                    throw new IllegalArgumentException(method + " has more than one @CacheValue parameter");
                }
                value = position;
            } else if (hasAnnotation(annotations, CacheKey.class)) {
                keys.add(position);
            }
        }
        if (valueAllowed && value < 0) {
            throw new IllegalArgumentException(method + ": a @CachePut method needs a @CacheValue parameter");
        }
        if (keys.isEmpty()) {
            for (int position = 0; position < types.length; position++) {
                if (position != value) {
                    keys.add(position);
                }
            }
        }
        return new CacheMethod<>(index, method, annotation, cacheName(settings.cacheName(), defaults, method),
                parameters, keys.stream().mapToInt(Integer::intValue).toArray(), value,
                chosen(settings.resolverFactory(), defaults == null ? null : defaults.cacheResolverFactory(),
                        CacheResolverFactory.class),
                settings.keyGenerator() == null ? null : chosen(settings.keyGenerator(),
                        defaults == null ? null : defaults.cacheKeyGenerator(), CacheKeyGenerator.class));
    }

    private static boolean hasAnnotation(Set<Annotation> annotations, Class<? extends Annotation> type) {
        return annotations.stream().anyMatch(type::isInstance);
    }

    private static CacheDefaults defaultsFor(Class<?> targetType, Method method) {
        for (Class<?> type = targetType; type != null; type = type.getSuperclass()) {
            CacheDefaults defaults = type.getAnnotation(CacheDefaults.class);
            if (defaults != null) {
                return defaults;
            }
        }
        return method.getDeclaringClass().getAnnotation(CacheDefaults.class);
    }

    private static String cacheName(String fromMethod, CacheDefaults defaults, Method method) {
        if (!fromMethod.isEmpty()) {
            return fromMethod;
        }
        if (defaults != null && !defaults.cacheName().isEmpty()) {
            return defaults.cacheName();
        }
        return method.getDeclaringClass().getName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes()).map(Class::getName)
                        .collect(Collectors.joining(",", "(", ")"));
    }

    /** The method's choice, else the class default, else null; the interface itself means "not set". */
    private static <T> Class<? extends T> chosen(Class<? extends T> fromMethod, Class<? extends T> fromDefaults,
                                                 Class<T> notSet) {
        if (fromMethod != notSet) {
            return fromMethod;
        }
        return fromDefaults != null && fromDefaults != notSet ? fromDefaults : null;
    }

    /** The attributes the four annotations share; {@code keyGenerator} is null for {@code @CacheRemoveAll}. */
    private record Settings(String cacheName, Class<? extends CacheResolverFactory> resolverFactory,
                            Class<? extends CacheKeyGenerator> keyGenerator) {
        static Settings of(Annotation annotation) {
            if (annotation instanceof CacheResult result) {
                return new Settings(result.cacheName(), result.cacheResolverFactory(), result.cacheKeyGenerator());
            }
            if (annotation instanceof CachePut put) {
                return new Settings(put.cacheName(), put.cacheResolverFactory(), put.cacheKeyGenerator());
            }
            if (annotation instanceof CacheRemove remove) {
                return new Settings(remove.cacheName(), remove.cacheResolverFactory(), remove.cacheKeyGenerator());
            }
            CacheRemoveAll removeAll = (CacheRemoveAll) annotation;
            return new Settings(removeAll.cacheName(), removeAll.cacheResolverFactory(), null);
        }
    }
}
