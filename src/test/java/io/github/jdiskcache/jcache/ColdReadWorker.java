package io.github.jdiskcache.jcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * Child-JVM entry point: as the JVM's first work, gets the manager of folder {@code args[0]}, its
 * cache {@code args[1]} (String to String), prints {@code VALUE <value>} of key {@code args[2]},
 * then {@code SHARDS <n>}, the shard databases the process has open (-1 without /proc/self/fd),
 * and closes the manager: what a cold JCache read loads and opens.
 */
public final class ColdReadWorker {
    static final String VALUE = "VALUE ";
    static final String SHARDS = "SHARDS ";

    public static void main(String[] args) throws IOException {
        CacheManager manager = Caching.getCachingProvider().getCacheManager(Path.of(args[0]).toUri(), null);
        try {
            Cache<String, String> cache = manager.getCache(args[1], String.class, String.class);
            System.out.println(VALUE + cache.get(args[2]));
            System.out.println(SHARDS + openDatabases());
        } finally {
            manager.close();
        }
    }

    private static long openDatabases() throws IOException {
        Path descriptors = Path.of("/proc/self/fd");
        if (!Files.isDirectory(descriptors)) {
            return -1;
        }
        try (Stream<Path> links = Files.list(descriptors)) {
            return links.map(link -> {
                try {
                    return Files.readSymbolicLink(link).toString();
                } catch (IOException e) {
                    return ""; // closed since it was listed
                }
            }).filter(target -> target.endsWith("/cache.db")).distinct().count();
        }
    }
}
