package io.github.jdiskcache.annotation;

import java.lang.invoke.MethodHandles;
import java.util.concurrent.atomic.AtomicLong;

import org.objectweb.asm.Type;

/**
 * Defines a generated class as an ordinary class in the package and class loader of an
 * application class ({@code MethodHandles.privateLookupIn(neighbour, ...).defineClass}). Being in
 * the same runtime package is what lets a subclass override package-private methods and call
 * {@code super} on them; an ordinary (not hidden) class also keeps working with tools that look
 * classes up by name. It lives as long as its class loader.
 */
final class GeneratedClassDefiner {
    private static final AtomicLong GENERATED = new AtomicLong();

    private GeneratedClassDefiner() {
    }

    /** A name no class has yet, in {@code neighbour}'s package, in internal form. */
    static String freshNameNextTo(Class<?> neighbour) {
        return Type.getInternalName(neighbour) + "$$JCache$" + GENERATED.incrementAndGet();
    }

    /** Defines {@code bytes} next to {@code neighbour} and returns a full-access lookup on the new class. */
    static MethodHandles.Lookup define(Class<?> neighbour, byte[] bytes) {
        checkSeesJDiskCache(neighbour);
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(neighbour, MethodHandles.lookup());
            return MethodHandles.privateLookupIn(lookup.defineClass(bytes), MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot define a class in the package of " + neighbour.getName()
                    + ": it must be open to jdiskcache (" + e.getMessage() + ")", e);
        }
    }

    /** The generated class refers to jdiskcache's types by name; its loader must resolve them to ours. */
    private static void checkSeesJDiskCache(Class<?> neighbour) {
        ClassLoader loader = neighbour.getClassLoader();
        Class<?> seen;
        try {
            seen = Class.forName(Intercepted.class.getName(), false, loader);
        } catch (ClassNotFoundException e) {
            seen = null;
        }
        if (seen != Intercepted.class) {
            throw new IllegalArgumentException("cannot intercept " + neighbour.getName() + ": its class loader ("
                    + loader + ") does not see the jdiskcache classes in use");
        }
    }
}
