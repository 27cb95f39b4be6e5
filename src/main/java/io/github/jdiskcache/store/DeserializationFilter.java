package io.github.jdiskcache.store;

import java.io.ObjectInputFilter;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the store agrees to deserialize. A cache directory is data, and Java deserialization runs
 * code of the classes named in that data, so anyone able to write a cache's files could otherwise
 * run code in its readers (the CVE-2025-69872 class of problem in Python's diskcache).
 *
 * <ul>
 *   <li>{@link #allowing}: for a cache with declared key and value types, only those types and
 *       their subclasses, the types of their fields (transitively) and common JDK value types are
 *       accepted; everything else is rejected before an instance is created (the class may be
 *       loaded to check it, never initialized).</li>
 *   <li>{@link #rejectingKnownGadgets}: for untyped caches (key or value type Object), everything
 *       except the classes of published gadget chains and JDK classes that only serve them.</li>
 * </ul>
 * Both bound graph depth and references; {@link JavaSerializer} also bounds every array by the
 * length of the stored value ({@link LengthBoundFilter}). A JVM-wide {@code jdk.serialFilter} still
 * applies first. {@link #fromPattern} takes the JDK's pattern syntax to replace the default.
 */
public final class DeserializationFilter {
    private static final String LIMITS = "maxdepth=64;maxrefs=10000000;maxarray=2147483647";

    /** JDK value types every cache may hold inside its values (collections, boxes, time, math...). */
    private static final List<String> JDK_VALUES = List.of("java.lang.String", "java.lang.Boolean", "java.lang.Byte",
            "java.lang.Character", "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
            "java.lang.Double", "java.lang.Number", "java.lang.Enum", "java.lang.Record", "java.lang.StackTraceElement",
            "java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException",
            "java.math.*", "java.time.*", "java.time.chrono.*", "java.time.zone.*", "java.util.*",
            "java.util.concurrent.*", "java.util.concurrent.atomic.*", "java.net.URI", "java.net.InetAddress",
            "java.net.Inet4Address", "java.net.Inet6Address", "java.net.InetSocketAddress");

    /** Classes of published gadget chains, and JDK classes that only matter to attackers. */
    private static final List<String> GADGETS = List.of("org.apache.commons.collections.functors.*",
            "org.apache.commons.collections4.functors.*", "org.apache.commons.beanutils.*",
            "org.codehaus.groovy.runtime.*", "org.springframework.beans.factory.*",
            "org.springframework.aop.framework.*", "com.sun.org.apache.xalan.internal.xsltc.trax.*",
            "org.apache.xalan.xsltc.trax.*", "com.mchange.v2.c3p0.*", "bsh.*", "clojure.*", "org.python.core.*",
            "com.sun.rowset.*", "com.sun.jndi.*", "javax.management.*", "java.rmi.*", "sun.rmi.*",
            "javax.script.*", "java.net.URL", "org.hibernate.engine.*", "com.rometools.rome.feed.impl.*",
            "org.mozilla.javascript.*", "net.sf.json.*", "com.alibaba.fastjson.*", "org.jboss.interceptor.*",
            "java.lang.reflect.Proxy", "java.lang.invoke.*", "javassist.*");

    private DeserializationFilter() {
    }

    /** Accepts only {@code types} and their subclasses, their fields' types and JDK value types. */
    public static ObjectInputFilter allowing(Class<?>... types) {
        Set<String> allowed = ConcurrentHashMap.newKeySet();
        for (Class<?> type : types) {
            collect(type, allowed);
        }
        StringBuilder gadgetsAndLimits = new StringBuilder(LIMITS);
        GADGETS.forEach(gadget -> gadgetsAndLimits.append(";!").append(gadget));
        ObjectInputFilter rejecting = ObjectInputFilter.Config.createFilter(gadgetsAndLimits.toString());
        StringBuilder values = new StringBuilder();
        JDK_VALUES.forEach(name -> values.append(name).append(';'));
        ObjectInputFilter jdkValues = ObjectInputFilter.Config.createFilter(values + "!*");
        ObjectInputFilter own = info -> {
            ObjectInputFilter.Status status = rejecting.checkInput(info);
            Class<?> type = info.serialClass();
            if (status == ObjectInputFilter.Status.REJECTED || type == null) {
                return status == ObjectInputFilter.Status.REJECTED ? status : ObjectInputFilter.Status.UNDECIDED;
            }
            while (type.isArray()) {
                type = type.getComponentType();
            }
            // Object[] is how collections read their elements back; each element is checked on its own.
            if (type.isPrimitive() || type == Object.class || allowed.contains(type.getName())) {
                return ObjectInputFilter.Status.ALLOWED;
            }
            for (Class<?> declared : types) {
                if (declared.isAssignableFrom(type)) {
                    // A subclass of a declared type (e.g. an implementation of a value interface).
                    collect(type, allowed);
                    return ObjectInputFilter.Status.ALLOWED;
                }
            }
            return jdkValues.checkInput(info);
        };
        return withJvmWideFilter(own);
    }

    /**
     * {@code delegate} (null: none) plus a bound on every array by what {@code streamLength} stored
     * bytes can hold, for streams read from a file anyone able to write the cache folder may have
     * planted: a few bytes must not make the reader allocate gigabytes.
     */
    public static ObjectInputFilter boundedBy(ObjectInputFilter delegate, long streamLength) {
        return new LengthBoundFilter(delegate, streamLength);
    }

    /** Accepts everything but known gadget classes. */
    public static ObjectInputFilter rejectingKnownGadgets() {
        StringBuilder pattern = new StringBuilder(LIMITS);
        GADGETS.forEach(gadget -> pattern.append(";!").append(gadget));
        return withJvmWideFilter(ObjectInputFilter.Config.createFilter(pattern.toString()));
    }

    /** A filter in the JDK's pattern syntax, e.g. {@code com.example.**;java.base/*;!*}. */
    public static ObjectInputFilter fromPattern(String pattern) {
        return withJvmWideFilter(ObjectInputFilter.Config.createFilter(LIMITS + ";" + pattern));
    }

    /**
     * The class, its superclasses, its fields' types (with their generic type arguments, so the
     * elements of a {@code List<Line>} field count) and array component types, transitively.
     */
    private static void collect(Type type, Set<String> allowed) {
        if (type instanceof Class<?> raw) {
            collect(raw, allowed);
        } else if (type instanceof ParameterizedType parameterized) {
            collect(parameterized.getRawType(), allowed);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, allowed);
            }
        } else if (type instanceof GenericArrayType array) {
            collect(array.getGenericComponentType(), allowed);
        } else if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                collect(bound, allowed);
            }
        }
    }

    private static void collect(Class<?> type, Set<String> allowed) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive() || type == Object.class || type.getName().startsWith("java.")
                || type.getName().startsWith("javax.") || !allowed.add(type.getName())) {
            return;
        }
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            allowed.add(current.getName());
            for (Field field : current.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
                    collect(field.getGenericType(), allowed);
                }
            }
        }
    }

    private static ObjectInputFilter withJvmWideFilter(ObjectInputFilter own) {
        ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
        if (jvmWide == null) {
            return own;
        }
        return info -> {
            ObjectInputFilter.Status status = jvmWide.checkInput(info);
            return status == ObjectInputFilter.Status.REJECTED ? status : own.checkInput(info);
        };
    }
}
