package io.github.jdiskcache.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Set;

import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;

import org.junit.jupiter.api.Test;

class DefaultCacheKeyGeneratorTest {

    /** Custom key generators may hand it a context of their own, e.g. one that rewrites parameters. */
    @Test
    void anyContextsKeyParametersMakeTheKey() {
        CacheInvocationParameter[] keys = {parameter("a", 0), parameter(7, 2)};
        CacheKeyInvocationContext<?> context = (CacheKeyInvocationContext<?>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {CacheKeyInvocationContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getKeyParameters")) {
                        return keys.clone();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        assertEquals(new DefaultGeneratedCacheKey(new Object[] {"a", 7}),
                new DefaultCacheKeyGenerator().generateCacheKey(context));
    }

    private static CacheInvocationParameter parameter(Object value, int position) {
        return new InvocationParameter(new CacheParameter(value.getClass(), Set.of(), position), value);
    }
}
