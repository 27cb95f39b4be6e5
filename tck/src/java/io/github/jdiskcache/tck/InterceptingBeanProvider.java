package io.github.jdiskcache.tck;

import javax.cache.annotation.BeanProvider;

import io.github.jdiskcache.annotation.CacheAnnotations;

/**
 * The TCK's way to obtain annotated beans ({@code manager.*BlogManagerImpl}): instances of
 * container-free intercepting subclasses, with caches from the default CacheManager — what the
 * TCK's annotation tests (org.jsr107.tck.annotation) run against. Registered in
 * {@code META-INF/services/javax.cache.annotation.BeanProvider} on the test class path only.
 */
public final class InterceptingBeanProvider implements BeanProvider {

    @Override
    public <T> T getBeanByType(Class<T> beanClass) {
        return CacheAnnotations.create(beanClass);
    }
}
