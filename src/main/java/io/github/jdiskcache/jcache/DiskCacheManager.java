package io.github.jdiskcache.jcache;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.configuration.JCacheDefaults;
import io.github.jdiskcache.jcache.configuration.KeptTypes;
import io.github.jdiskcache.jcache.configuration.PersistedConfiguration;
import io.github.jdiskcache.jcache.configuration.StoreSpec;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.StoreException;

/**
 * A CacheManager over one directory: cache {@code N} lives in {@code <directory>/<N encoded>/} as a
 * FanoutCache. Caches already on disk (from an earlier run or another process) behave like
 * externally configured caches: they are listed, {@link #getCache} opens them with their kept
 * configuration, and {@link #createCache} adopts their data. Several managers, in this JVM or
 * others, may share a directory. Caches open outside the manager's lock ({@link OpenCaches}), so
 * one that waits for another process holds up no other.
 */
public final class DiskCacheManager implements CacheManager {
    private final CachingProvider provider;
    private final Consumer<? super DiskCacheManager> onClose;
    private final URI uri;
    private final WeakReference<ClassLoader> classLoader;
    private final Properties properties;
    private final Path directory;
    private final OpenCaches caches = new OpenCaches();
    private final InstantSource clock;
    private final DiskCacheFactory factory = new DiskCacheFactory(this);

    /** @param onClose told when this manager closes, so its provider stops handing it out */
    public DiskCacheManager(CachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
                            Consumer<? super DiskCacheManager> onClose) {
        this(provider, uri, classLoader, properties, onClose, InstantSource.system());
    }

    /**
     * A manager whose caches read the time from {@code clock}, in the JCache layer (expiry) and in
     * the store (access and expire times) alike: tests move it by hand instead of sleeping.
     */
    public DiskCacheManager(CachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
                            Consumer<? super DiskCacheManager> onClose, InstantSource clock) {
        this.provider = provider;
        this.onClose = onClose;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.classLoader = new WeakReference<>(Objects.requireNonNull(classLoader, "classLoader"));
        ManagerLocation location = ManagerLocation.resolve(uri, provider.getDefaultURI(), classLoader, properties);
        this.directory = location.directory();
        this.properties = location.properties();
        try {
            StoreSpec.managerPermissions(this.properties).createDirectories(directory);
        } catch (IOException e) {
            throw new CacheException("cannot create the cache directory " + directory + ": " + e, e);
        }
    }

    /** The folder holding this manager's caches. */
    public Path directory() {
        return directory;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(configuration, "configuration");
        MutableConfiguration<K, V> copy = copyOf(configuration);
        return (Cache<K, V>) caches.create(cacheName, () -> {
            StoreSpec spec = StoreSpec.from(properties, cacheName, copy, getClassLoader());
            // The properties apply anew at every open; the folder keeps what code asked for.
            MutableConfiguration<K, V> effective = JCacheDefaults.applyTo(properties, cacheName, copyOf(copy));
            Path cacheDirectory = cacheDirectory(cacheName);
            KeptTypes.requireSameAs(cacheName, cacheDirectory, copy, getClassLoader());
            CacheFolderSetup folder = new CacheFolderSetup(cacheDirectory, cacheName, spec.options().permissions());
            try {
                return factory.create(cacheName, effective, () -> {
                    // Kept before the store exists: another JVM that finds the folder must find the configuration too.
                    folder.write(copy, getClassLoader());
                    return openStore(cacheName, spec);
                });
            } catch (RuntimeException | Error e) {
                folder.undoAfter(e);
                throw e;
            }
        });
    }

    private static <K, V> MutableConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
        if (!configuration.isStoreByValue()) {
            throw new UnsupportedOperationException("jdiskcache stores every entry by value on disk;"
                    + " store-by-reference (setStoreByValue(false)) is not supported");
        }
        if (configuration instanceof DiskCacheConfiguration<K, V> disk) {
            return new DiskCacheConfiguration<>(disk);
        }
        if (configuration instanceof CompleteConfiguration<K, V> complete) {
            return new MutableConfiguration<>(complete);
        }
        return new MutableConfiguration<K, V>().setTypes(configuration.getKeyType(), configuration.getValueType());
    }

    private <K, V> DiskCache<K, V> open(String cacheName, MutableConfiguration<K, V> configuration) {
        StoreSpec spec = StoreSpec.from(properties, cacheName, configuration, getClassLoader());
        return factory.create(cacheName, JCacheDefaults.applyTo(properties, cacheName, configuration),
                () -> openStore(cacheName, spec));
    }

    private FanoutCache openStore(String cacheName, StoreSpec spec) {
        try {
            return FanoutCache.open(cacheDirectory(cacheName), spec.shards(), spec.settings(),
                    spec.options().withClock(clock));
        } catch (StoreException e) {
            throw new CacheException("cannot open cache " + cacheName + ": " + e.getMessage(), e);
        }
    }

    private Path cacheDirectory(String cacheName) {
        return directory.resolve(CacheDirectoryNames.folderName(cacheName));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        Cache<K, V> cache = getCache(cacheName);
        if (cache == null) {
            return null;
        }
        CompleteConfiguration<?, ?> configuration = cache.getConfiguration(CompleteConfiguration.class);
        if (!keyType.equals(configuration.getKeyType())) {
            throw new ClassCastException("cache " + cacheName + " has key type " + configuration.getKeyType().getName()
                    + ", not " + keyType.getName());
        }
        if (!valueType.equals(configuration.getValueType())) {
            throw new ClassCastException("cache " + cacheName + " has value type "
                    + configuration.getValueType().getName() + ", not " + valueType.getName());
        }
        return cache;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <K, V> Cache<K, V> getCache(String cacheName) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        return (Cache<K, V>) caches.getOrOpen(cacheName, () -> {
            Path cacheDirectory = cacheDirectory(cacheName);
            if (!isCacheDirectory(cacheDirectory) || !cacheName.equals(NameFile.nameOf(cacheDirectory))) {
                return null;
            }
            MutableConfiguration persisted = PersistedConfiguration.read(cacheDirectory, getClassLoader());
            return open(cacheName, persisted == null ? new MutableConfiguration<K, V>() : persisted);
        });
    }

    private static boolean isCacheDirectory(Path path) {
        return Files.isDirectory(path) && (PersistedConfiguration.exists(path)
                || Files.isRegularFile(path.resolve(FanoutCache.LAYOUT_FILE)));
    }

    /** Caches open in this manager and caches found on disk in its directory. */
    @Override
    public Iterable<String> getCacheNames() {
        ensureOpen();
        Set<String> names = new LinkedHashSet<>(caches.names());
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(DiskCacheManager::isCacheDirectory).forEach(path -> {
                String name = NameFile.nameOf(path);
                if (name != null) {
                    names.add(name);
                }
            });
        } catch (NoSuchFileException e) {
            // The directory was removed; only open caches remain.
        } catch (IOException e) {
            throw new CacheException("cannot list the caches in " + directory + ": " + e, e);
        }
        return Collections.unmodifiableSet(names);
    }

    /** Closes the cache and deletes its data from disk. */
    @Override
    public void destroyCache(String cacheName) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        DiskCache<?, ?> cache = caches.settled(cacheName);
        if (cache != null) {
            cache.close();
        }
        deleteRecursively(cacheDirectory(cacheName));
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new CacheException("cannot delete cache directory " + root + ": " + e, e);
        }
    }

    @Override
    public void enableManagement(String cacheName, boolean enabled) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        DiskCache<?, ?> cache = (DiskCache<?, ?>) getCache(cacheName);
        if (cache != null) {
            cache.setManagementEnabled(enabled);
        }
    }

    @Override
    public void enableStatistics(String cacheName, boolean enabled) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        DiskCache<?, ?> cache = (DiskCache<?, ?>) getCache(cacheName);
        if (cache != null) {
            cache.setStatisticsEnabled(enabled);
        }
    }

    /** Called by a cache that closed, so this manager stops handing it out. */
    void forget(DiskCache<?, ?> cache) {
        caches.forget(cache);
    }

    @Override
    public CachingProvider getCachingProvider() {
        return provider;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader.get();
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    /** Closes every cache (their data stays on disk) and releases their connections and MBeans. */
    @Override
    public void close() {
        List<DiskCache<?, ?>> open = caches.closeAll();
        if (open == null) {
            return;
        }
        onClose.accept(this);
        for (DiskCache<?, ?> cache : open) {
            cache.close();
        }
    }

    @Override
    public boolean isClosed() {
        return caches.isClosed();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("a cache manager cannot be unwrapped to " + type.getName());
    }

    private void ensureOpen() {
        if (isClosed()) {
            throw new IllegalStateException("cache manager " + uri + " is closed");
        }
    }

    @Override
    public String toString() {
        return "DiskCacheManager[" + uri + " -> " + directory + "]";
    }
}
