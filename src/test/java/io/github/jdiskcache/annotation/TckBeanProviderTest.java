package io.github.jdiskcache.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.ServiceLoader;

import javax.cache.annotation.BeanProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import domain.Blog;
import manager.BlogManager;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;

/**
 * Guards the TCK run: its annotation tests load a BeanProvider the way this test does and, finding
 * none, pass as no-ops. The test class path (the same for the TCK execution) must offer ours first,
 * and its beans must really be intercepted.
 */
class TckBeanProviderTest {

    private static BeanProvider firstBeanProvider() {
        Iterator<BeanProvider> providers = ServiceLoader.load(BeanProvider.class).iterator();
        assertTrue(providers.hasNext(), "no javax.cache.annotation.BeanProvider on the test class path:"
                + " the TCK's annotation tests would silently pass as no-ops");
        return providers.next();
    }

    @Test
    void theTckFindsTheInterceptingBeanProvider() {
        assertEquals("io.github.jdiskcache.tck.InterceptingBeanProvider", firstBeanProvider().getClass().getName());
    }

    @ParameterizedTest
    @ValueSource(classes = {CacheNameOnEachMethodBlogManagerImpl.class, ClassLevelCacheConfigBlogManagerImpl.class,
            UsingDefaultCacheNameBlogManagerImpl.class})
    void itsBeansServeCacheResultFromTheCache(Class<? extends BlogManager> type) {
        BlogManager bean = firstBeanProvider().getBeanByType(type);
        assertInstanceOf(type, bean);
        assertInstanceOf(Intercepted.class, bean);
        bean.clearCache();
        String title = "guard " + type.getSimpleName();
        bean.createEntry(new Blog(title, "body"));
        assertEquals("body", bean.getEntryCached(title).getBody());

        bean.clearEntry(title);
        assertNull(bean.getEntryRaw(title));
        assertEquals("body", bean.getEntryCached(title).getBody(), "the second call is served from the cache");

        bean.clearCache();
        assertNull(bean.getEntryCached(title));
    }
}
