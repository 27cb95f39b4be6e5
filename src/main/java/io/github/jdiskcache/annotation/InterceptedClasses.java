package io.github.jdiskcache.annotation;

import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generates each intercepting class once: per application class for subclasses, per interface and
 * delegate class for delegating implementations (annotations may sit on either).
 */
final class InterceptedClasses {
    private static final ClassValue<InterceptedClass> SUBCLASSES = new ClassValue<>() {
        @Override
        protected InterceptedClass computeValue(Class<?> type) {
            InterceptionPlan plan = InterceptionPlan.forSubclass(type);
            byte[] bytes = SubclassGenerator.generate(GeneratedClassDefiner.freshNameNextTo(type), type,
                    plan.overrides());
            return new InterceptedClass(GeneratedClassDefiner.define(type, bytes), plan.cacheMethods());
        }
    };

    private static final ClassValue<Map<Class<?>, InterceptedClass>> IMPLEMENTATIONS = new ClassValue<>() {
        @Override
        protected Map<Class<?>, InterceptedClass> computeValue(Class<?> iface) {
            return new ConcurrentHashMap<>();
        }
    };

    private InterceptedClasses() {
    }

    static InterceptedClass subclassOf(Class<?> type) {
        return SUBCLASSES.get(type);
    }

    static InterceptedClass implementationOf(Class<?> iface, Class<?> delegateClass) {
        return IMPLEMENTATIONS.get(iface).computeIfAbsent(delegateClass, any -> {
            InterceptionPlan plan = InterceptionPlan.forDelegate(iface, delegateClass);
            byte[] bytes = DelegateGenerator.generate(GeneratedClassDefiner.freshNameNextTo(iface), iface,
                    plan.overrides(), plan.forwarded());
            MethodHandles.Lookup lookup = GeneratedClassDefiner.define(iface, bytes);
            return new InterceptedClass(lookup, plan.cacheMethods());
        });
    }
}
