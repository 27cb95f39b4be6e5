package io.github.jdiskcache.annotation;

import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;


/**
 * Picks the constructor {@code create(type, args...)} means, like the compiler would for those
 * argument values: same count, each argument an instance of the parameter type (its wrapper for a
 * primitive; null for any reference type), and among several the most specific one.
 */
final class ConstructorChooser {
    private ConstructorChooser() {
    }

    static Constructor<?> choose(List<Constructor<?>> constructors, Object[] arguments) {
        List<Constructor<?>> applicable = constructors.stream().filter(c -> accepts(c, arguments)).toList();
        if (applicable.isEmpty()) {
            throw new IllegalArgumentException("no constructor takes " + describe(arguments) + "; candidates: "
                    + constructors.stream().map(Constructor::toString).collect(Collectors.joining(", ")));
        }
        List<Constructor<?>> mostSpecific = applicable.stream()
                .filter(c -> applicable.stream().allMatch(other -> isAtLeastAsSpecific(c, other))).toList();
        if (mostSpecific.size() != 1) {
            throw new IllegalArgumentException("ambiguous constructor for " + describe(arguments) + ": "
                    + applicable.stream().map(Constructor::toString).collect(Collectors.joining(", ")));
        }
        return mostSpecific.get(0);
    }

    private static boolean accepts(Constructor<?> constructor, Object[] arguments) {
        Class<?>[] types = constructor.getParameterTypes();
        if (types.length != arguments.length) {
            return false;
        }
        for (int i = 0; i < types.length; i++) {
            boolean fits = arguments[i] == null ? !types[i].isPrimitive() : wrap(types[i]).isInstance(arguments[i]);
            if (!fits) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAtLeastAsSpecific(Constructor<?> candidate, Constructor<?> other) {
        Class<?>[] mine = candidate.getParameterTypes();
        Class<?>[] theirs = other.getParameterTypes();
        for (int i = 0; i < mine.length; i++) {
            if (!wrap(theirs[i]).isAssignableFrom(wrap(mine[i]))) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> wrap(Class<?> type) {
        return MethodType.methodType(type).wrap().returnType();
    }

    private static String describe(Object[] arguments) {
        return Arrays.stream(arguments).map(a -> a == null ? "null" : a.getClass().getName())
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
