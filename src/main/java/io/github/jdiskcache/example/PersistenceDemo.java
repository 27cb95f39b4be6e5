package io.github.jdiskcache.example;

import java.time.Instant;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * The README's main job: a plain JCache program on the default provider. Run it twice; the second
 * run finds what the first one stored, because the cache lives on disk (by default in
 * {@code ~/.cache/jdiskcache}, or wherever {@code -Djdiskcache.directory} points).
 */
public final class PersistenceDemo {
    private PersistenceDemo() {
    }

    public static void main(String[] args) {
        CachingProvider provider = Caching.getCachingProvider();
        try (CacheManager manager = provider.getCacheManager()) {
            Cache<String, String> runs = manager.getCache("persistence-demo", String.class, String.class);
            if (runs == null) {
                runs = manager.createCache("persistence-demo",
                        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
            }
            String previous = runs.getAndPut("last-run", Instant.now().toString());
            // An entry processor runs under its key's lease and commits in one transaction: atomic across processes.
            long count = runs.invoke("run-count", (entry, arguments) -> {
                long next = entry.exists() ? Long.parseLong(entry.getValue()) + 1 : 1;
                entry.setValue(Long.toString(next));
                return next;
            });
            System.out.println("provider:  " + provider.getClass().getName());
            System.out.println("directory: " + manager.getURI());
            System.out.println("run:       " + count);
            System.out.println(previous == null
                    ? "first run: nothing on disk yet; run me again"
                    : "found the previous run's entry on disk: last run at " + previous);
        }
    }
}
