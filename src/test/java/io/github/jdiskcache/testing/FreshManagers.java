package io.github.jdiskcache.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import javax.cache.CacheManager;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/**
 * Managers of providers of their own, as another application or a later run over the same
 * directory would have: nothing of an earlier manager is remembered in memory. Close when done.
 */
public final class FreshManagers implements AutoCloseable {
    private final List<DiskCachingProvider> providers = new ArrayList<>();

    public CacheManager over(URI directory) {
        DiskCachingProvider provider = new DiskCachingProvider();
        providers.add(provider);
        return provider.getCacheManager(directory, FreshManagers.class.getClassLoader());
    }

    @Override
    public void close() {
        providers.forEach(DiskCachingProvider::close);
    }
}
