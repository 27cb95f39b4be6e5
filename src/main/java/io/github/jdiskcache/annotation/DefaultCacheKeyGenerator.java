package io.github.jdiskcache.annotation;

import java.lang.annotation.Annotation;

import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/** The spec's default key: a {@link DefaultGeneratedCacheKey} of the key parameters' values, in order. */
public final class DefaultCacheKeyGenerator implements CacheKeyGenerator {

    @Override
    public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
        if (context instanceof InvocationContext<?> intercepted) {
            // Our own calls: read the arguments directly instead of building parameter objects.
            return new DefaultGeneratedCacheKey(intercepted.keyValues());
        }
        CacheInvocationParameter[] keyParameters = context.getKeyParameters();
        Object[] values = new Object[keyParameters.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = keyParameters[i].getValue();
        }
        return new DefaultGeneratedCacheKey(values);
    }
}
