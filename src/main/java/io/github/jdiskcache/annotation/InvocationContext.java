package io.github.jdiskcache.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;

/**
 * One intercepted call as the JSR-107 SPI sees it (resolvers and key generators). It only wraps
 * the method's precomputed details and the argument array; parameter objects are built when asked
 * for, so the default resolver and key generator cost no more than this one allocation.
 */
final class InvocationContext<A extends Annotation> implements CacheKeyInvocationContext<A> {
    private final CacheMethod<A> method;
    private final Intercepted instance;
    private final Object[] arguments;

    InvocationContext(CacheMethod<A> method, Intercepted instance, Object[] arguments) {
        this.method = method;
        this.instance = instance;
        this.arguments = arguments;
    }

    /** The key arguments in key order, as a new array: what the default key is made of. */
    Object[] keyValues() {
        Object[] values = new Object[method.keyCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = arguments[method.keyPosition(i)];
        }
        return values;
    }

    Object argument(int position) {
        return arguments[position];
    }

    @Override
    public CacheInvocationParameter[] getKeyParameters() {
        List<CacheParameter> parameters = method.parameters();
        CacheInvocationParameter[] keys = new CacheInvocationParameter[method.keyCount()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = parameter(parameters.get(method.keyPosition(i)));
        }
        return keys;
    }

    @Override
    public CacheInvocationParameter getValueParameter() {
        int position = method.valuePosition();
        return position < 0 ? null : parameter(method.parameters().get(position));
    }

    @Override
    public CacheInvocationParameter[] getAllParameters() {
        return method.parameters().stream().map(this::parameter).toArray(CacheInvocationParameter[]::new);
    }

    private CacheInvocationParameter parameter(CacheParameter parameter) {
        return new InvocationParameter(parameter, arguments[parameter.position()]);
    }

    /** The intercepted object, or for an interface implementation the delegate that does the work. */
    @Override
    public Object getTarget() {
        return instance.jdiskcache$target();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("an invocation context cannot be unwrapped to " + type.getName());
    }

    @Override
    public Method getMethod() {
        return method.getMethod();
    }

    @Override
    public Set<Annotation> getAnnotations() {
        return method.getAnnotations();
    }

    @Override
    public A getCacheAnnotation() {
        return method.getCacheAnnotation();
    }

    @Override
    public String getCacheName() {
        return method.getCacheName();
    }
}
