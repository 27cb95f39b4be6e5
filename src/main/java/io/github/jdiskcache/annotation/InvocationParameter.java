package io.github.jdiskcache.annotation;

import java.lang.annotation.Annotation;
import java.util.Set;

import javax.cache.annotation.CacheInvocationParameter;

/** A parameter of one intercepted call: its static description and the argument passed. */
record InvocationParameter(CacheParameter parameter, Object value) implements CacheInvocationParameter {

    @Override
    public Class<?> getRawType() {
        return parameter.rawType();
    }

    @Override
    public Object getValue() {
        return value;
    }

    @Override
    public Set<Annotation> getAnnotations() {
        return parameter.annotations();
    }

    @Override
    public int getParameterPosition() {
        return parameter.position();
    }
}
