package io.github.jdiskcache.jcache;

import java.util.ArrayList;
import java.util.List;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * Child-JVM entry point for multi-process JCache tests; always goes through
 * {@code Caching.getCachingProvider()}, as an application would. The default directory comes from
 * {@code -Djdiskcache.directory}. Commands:
 * <ul>
 *   <li>{@code write CACHE N}: puts key-i → value-i for i below N;</li>
 *   <li>{@code read CACHE N}: prints every value it finds for key-i, one per line;</li>
 *   <li>{@code claim CACHE N NAME}: putIfAbsent(key-i, NAME) for every i; prints the keys it won;</li>
 *   <li>{@code increment CACHE KEY TIMES}: adds 1 to a Long TIMES times with invoke.</li>
 * </ul>
 */
public final class JCacheWorker {
    public static void main(String[] args) {
        String command = args[0];
        try (CacheManager manager = Caching.getCachingProvider().getCacheManager()) {
            Cache<String, Object> cache = openOrCreate(manager, args[1]);
            switch (command) {
                case "write" -> {
                    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                        cache.put("key-" + i, "value-" + i);
                    }
                }
                case "read" -> {
                    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                        Object value = cache.get("key-" + i);
                        if (value != null) {
                            System.out.println(value);
                        }
                    }
                }
                case "claim" -> {
                    List<String> won = new ArrayList<>();
                    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                        if (cache.putIfAbsent("key-" + i, args[3])) {
                            won.add("key-" + i);
                        }
                    }
                    won.forEach(System.out::println);
                }
                case "increment" -> {
                    for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                        cache.invoke(args[2], (entry, arguments) -> {
                            entry.setValue(entry.exists() ? (Long) entry.getValue() + 1 : 1L);
                            return null;
                        });
                    }
                }
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        }
    }

    /** Several JVMs may race to create the cache; whoever loses finds it on disk. */
    static Cache<String, Object> openOrCreate(CacheManager manager, String name) {
        Cache<String, Object> cache = manager.getCache(name);
        if (cache != null) {
            return cache;
        }
        try {
            return manager.createCache(name, new MutableConfiguration<String, Object>());
        } catch (javax.cache.CacheException raced) {
            return manager.getCache(name);
        }
    }
}
