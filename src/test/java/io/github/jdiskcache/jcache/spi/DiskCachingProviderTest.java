package io.github.jdiskcache.jcache.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;

import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One manager per URI and class loader, until it closes. */
class DiskCachingProviderTest {
    @TempDir
    Path directory;

    private final DiskCachingProvider provider = new DiskCachingProvider();

    @AfterEach
    void closeProvider() {
        provider.close();
    }

    private ClassLoader loader() {
        return getClass().getClassLoader();
    }

    @Test
    void theSameUriAndClassLoaderGiveTheSameManager() {
        URI uri = directory.resolve("a").toUri();
        CacheManager first = provider.getCacheManager(uri, loader());
        assertSame(first, provider.getCacheManager(uri, loader()));
        assertNotSame(first, provider.getCacheManager(directory.resolve("b").toUri(), loader()));
        assertSame(provider, first.getCachingProvider());
    }

    @Test
    void aManagerThatClosedItselfIsReplacedByANewOne() {
        URI uri = directory.resolve("a").toUri();
        CacheManager first = provider.getCacheManager(uri, loader());
        first.close();
        CacheManager second = provider.getCacheManager(uri, loader());
        assertNotSame(first, second);
        assertFalse(second.isClosed());
    }

    @Test
    void closingAUriClosesItsManagerOnly() {
        URI uriOfA = directory.resolve("a").toUri();
        CacheManager a = provider.getCacheManager(uriOfA, loader());
        CacheManager b = provider.getCacheManager(directory.resolve("b").toUri(), loader());
        provider.close(uriOfA, loader());
        assertTrue(a.isClosed());
        assertFalse(b.isClosed());
    }

    @Test
    void storeByReferenceIsNotSupported() {
        assertFalse(provider.isSupported(OptionalFeature.STORE_BY_REFERENCE));
    }
}
