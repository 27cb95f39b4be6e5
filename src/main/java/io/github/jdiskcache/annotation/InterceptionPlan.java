package io.github.jdiskcache.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.objectweb.asm.Type;

/**
 * Which methods a generated class overrides, and their cache details: {@code overrides.get(i)} is
 * intercepted by the interceptor built from {@code cacheMethods.get(i)}; {@code forwarded} are the
 * interface methods a delegating class passes straight on. Methods are sorted by name and
 * descriptor so the numbering does not depend on reflection order.
 */
record InterceptionPlan(List<Method> overrides, List<CacheMethod<?>> cacheMethods, List<Method> forwarded) {
    private static final Comparator<Method> BY_SIGNATURE =
            Comparator.comparing(Method::getName).thenComparing((Method m) -> Type.getMethodDescriptor(m));

    InterceptionPlan {
        overrides = List.copyOf(overrides);
        cacheMethods = List.copyOf(cacheMethods);
        forwarded = List.copyOf(forwarded);
    }

    /**
     * For a subclass of {@code type}: its annotated methods and those it inherits, each as declared
     * by the most derived class (a method annotation is not inherited by an override).
     */
    static InterceptionPlan forSubclass(Class<?> type) {
        checkSubclassable(type);
        Map<String, Method> mostDerived = new LinkedHashMap<>();
        for (Class<?> declaring = type; declaring != Object.class; declaring = declaring.getSuperclass()) {
            for (Method method : declaring.getDeclaredMethods()) {
                if (method.isBridge() || method.isSynthetic()) {
                    continue;
                }
                int modifiers = method.getModifiers();
                boolean overridable = !Modifier.isPrivate(modifiers) && !Modifier.isStatic(modifiers);
                if (overridable) {
                    // Keyed without the return type: a covariant override replaces the method it overrides.
                    mostDerived.putIfAbsent(method.getName() + Arrays.toString(method.getParameterTypes()), method);
                } else if (CacheMethodReader.isAnnotated(method)) {
                    throw cannotIntercept(method, Modifier.isPrivate(modifiers) ? "private" : "static");
                }
            }
        }
        List<Method> overrides = mostDerived.values().stream().filter(CacheMethodReader::isAnnotated)
                .sorted(BY_SIGNATURE).toList();
        for (Method method : overrides) {
            if (Modifier.isFinal(method.getModifiers())) {
                throw cannotIntercept(method, "final");
            }
            boolean samePackage = method.getDeclaringClass().getPackageName().equals(type.getPackageName());
            if (isPackagePrivate(method) && !samePackage) {
                throw cannotIntercept(method, "package-private in another package than " + type.getName());
            }
        }
        List<CacheMethod<?>> cacheMethods = new ArrayList<>();
        for (Method method : overrides) {
            cacheMethods.add(CacheMethodReader.read(cacheMethods.size(), method, type));
        }
        return new InterceptionPlan(overrides, cacheMethods, List.of());
    }

    /**
     * For an implementation of {@code iface} delegating to an instance of {@code delegateClass}: an
     * interface method is intercepted when it is annotated, or else when the delegate's public
     * implementation of it is.
     */
    static InterceptionPlan forDelegate(Class<?> iface, Class<?> delegateClass) {
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface; use CacheAnnotations.create");
        }
        Map<String, Method> methods = new LinkedHashMap<>();
        for (Method method : iface.getMethods()) {
            String signature = method.getName() + Type.getMethodDescriptor(method);
            boolean objectMethod = DelegateGenerator.OBJECT_METHODS.contains(signature);
            if (!Modifier.isStatic(method.getModifiers()) && !objectMethod) {
                methods.putIfAbsent(signature, method);
            }
        }
        List<Method> overrides = new ArrayList<>();
        List<CacheMethod<?>> cacheMethods = new ArrayList<>();
        List<Method> forwarded = new ArrayList<>();
        for (Method method : methods.values().stream().sorted(BY_SIGNATURE).toList()) {
            if (CacheMethodReader.isAnnotated(method)) {
                cacheMethods.add(CacheMethodReader.read(overrides.size(), method, iface));
                overrides.add(method);
                continue;
            }
            Method implementation = publicImplementation(delegateClass, method);
            if (implementation != null && CacheMethodReader.isAnnotated(implementation)) {
                cacheMethods.add(CacheMethodReader.read(overrides.size(), implementation, delegateClass));
                overrides.add(method);
            } else {
                forwarded.add(method);
            }
        }
        return new InterceptionPlan(overrides, cacheMethods, forwarded);
    }

    private static void checkSubclassable(Class<?> type) {
        String problem = type.isInterface() ? "an interface; use CacheAnnotations.implement"
                : type.isPrimitive() || type.isArray() ? "not a class"
                : Modifier.isFinal(type.getModifiers()) ? "final, so it cannot be subclassed"
                : type.isSealed() ? "sealed, so it cannot be subclassed"
                : Modifier.isAbstract(type.getModifiers()) ? "abstract; pass a concrete class"
                : SubclassGenerator.inheritableConstructors(type).isEmpty() ? "without a non-private constructor"
                : null;
        if (problem != null) {
            throw new IllegalArgumentException("cannot intercept " + type.getName() + ": it is " + problem);
        }
    }

    private static Method publicImplementation(Class<?> delegateClass, Method method) {
        try {
            return delegateClass.getMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException notPublic) {
            return null;
        }
    }

    private static boolean isPackagePrivate(Method method) {
        return (method.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE)) == 0;
    }

    private static IllegalArgumentException cannotIntercept(Method method, String reason) {
        return new IllegalArgumentException("cannot intercept " + method + ": it is " + reason
                + ", so a generated subclass cannot override it");
    }
}
