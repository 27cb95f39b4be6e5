package io.github.jdiskcache.annotation;

import java.nio.file.Path;

import javax.cache.CacheManager;
import javax.cache.Caching;

/** CacheManagers over a test's own directory, so tests never share caches. */
final class TestManagers {
    private TestManagers() {
    }

    static CacheManager openIn(Path directory) {
        return Caching.getCachingProvider().getCacheManager(directory.toUri(), TestManagers.class.getClassLoader());
    }

    /** The key the default key generator makes from these key arguments. */
    static DefaultGeneratedCacheKey key(Object... keyArguments) {
        return new DefaultGeneratedCacheKey(keyArguments);
    }
}
