package io.github.jdiskcache.jcache;

import java.nio.file.Path;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * Child-JVM entry point: as the JVM's first work, gets the manager of folder {@code args[0]}, its
 * cache {@code args[1]} (String to String), prints {@code VALUE <value>} of key {@code args[2]}
 * and closes the manager: what a cold JCache read loads.
 */
public final class ColdReadWorker {
    static final String VALUE = "VALUE ";

    public static void main(String[] args) {
        CacheManager manager = Caching.getCachingProvider().getCacheManager(Path.of(args[0]).toUri(), null);
        try {
            Cache<String, String> cache = manager.getCache(args[1], String.class, String.class);
            System.out.println(VALUE + cache.get(args[2]));
        } finally {
            manager.close();
        }
    }
}
