package io.github.jdiskcache.jcache.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;

import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

import io.github.jdiskcache.jcache.DefaultDirectory;
import io.github.jdiskcache.jcache.DiskCacheManager;

/**
 * The jdiskcache JCache provider, found by {@code Caching.getCachingProvider()} through
 * {@code META-INF/services/javax.cache.spi.CachingProvider}. Managers are kept per class loader and
 * URI; the default URI is the {@code file:} URI of the {@link DefaultDirectory}.
 */
public final class DiskCachingProvider implements CachingProvider {
    private final Map<ClassLoader, Map<URI, DiskCacheManager>> managers = new WeakHashMap<>();

    @Override
    public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Map<URI, DiskCacheManager> byUri = managers.computeIfAbsent(loader, key -> new HashMap<>());
        DiskCacheManager manager = byUri.get(managerUri);
        if (manager == null || manager.isClosed()) {
            manager = new DiskCacheManager(this, managerUri, loader, properties == null ? new Properties() : properties,
                    this::release);
            byUri.put(managerUri, manager);
        }
        return manager;
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
        return getCacheManager(uri, classLoader, getDefaultProperties());
    }

    @Override
    public CacheManager getCacheManager() {
        return getCacheManager(getDefaultURI(), getDefaultClassLoader(), null);
    }

    @Override
    public ClassLoader getDefaultClassLoader() {
        return getClass().getClassLoader();
    }

    /** A directory URI with a trailing slash whether or not the folder exists yet, so it never changes under a manager. */
    @Override
    public URI getDefaultURI() {
        String path = DefaultDirectory.resolve().toString();
        try {
            return new URI("file", null, path.endsWith("/") ? path : path + "/", null);
        } catch (URISyntaxException e) {
            throw new CacheException("cannot express the default directory " + path + " as a URI", e);
        }
    }

    @Override
    public Properties getDefaultProperties() {
        return new Properties();
    }

    @Override
    public synchronized void close() {
        List<DiskCacheManager> all = new ArrayList<>();
        managers.values().forEach(byUri -> all.addAll(byUri.values()));
        managers.clear();
        all.forEach(DiskCacheManager::close);
    }

    @Override
    public synchronized void close(ClassLoader classLoader) {
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Map<URI, DiskCacheManager> byUri = managers.remove(loader);
        if (byUri != null) {
            new ArrayList<>(byUri.values()).forEach(DiskCacheManager::close);
        }
    }

    @Override
    public synchronized void close(URI uri, ClassLoader classLoader) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Map<URI, DiskCacheManager> byUri = managers.get(loader);
        if (byUri != null) {
            DiskCacheManager manager = byUri.remove(managerUri);
            if (byUri.isEmpty()) {
                managers.remove(loader);
            }
            if (manager != null) {
                manager.close();
            }
        }
    }

    /** Forgets a manager that closed itself, so the next lookup creates a new one. */
    private synchronized void release(DiskCacheManager manager) {
        ClassLoader loader = manager.getClassLoader();
        Map<URI, DiskCacheManager> byUri = loader == null ? null : managers.get(loader);
        if (byUri != null && byUri.get(manager.getURI()) == manager) {
            byUri.remove(manager.getURI());
            if (byUri.isEmpty()) {
                managers.remove(loader);
            }
        }
    }

    /** Entries are always stored by value on disk; store-by-reference is not supported. */
    @Override
    public boolean isSupported(OptionalFeature optionalFeature) {
        return false;
    }
}
