package io.github.jdiskcache.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FanoutCache;

/**
 * Child JVM of {@link ManyJvmTest} for cache lifecycle races. Modes (first argument):
 * <ul>
 *   <li>{@code share dir name start jvm jvms keys late}: get-or-create the same new cache as the
 *       other JVMs (with {@code late}, only once another JVM's creation put the cache's
 *       {@code fanout.properties} on disk), write {@code keys} entries, wait until every JVM's entries are
 *       visible, print {@code SAW_ALL}.</li>
 *   <li>{@code destroy dir name start rounds}: repeatedly create, fill and destroy a cache nobody
 *       else opens; print {@code DESTROYED n}.</li>
 *   <li>{@code own dir start jvm rounds}: repeatedly create, fill, list, close and reopen caches of
 *       its own while another JVM destroys a different one; print {@code OWN n}.</li>
 *   <li>{@code hold dir name key millis}: hold the write lock of {@code key}'s shard for
 *       {@code millis} inside a store transaction, printing {@code HOLDING} when it has it.</li>
 * </ul>
 * Failures propagate: the JVM exits non-zero with the stack trace in its output.
 */
public final class LifecycleWorker {
    /** Printed once set up, before waiting for the start file: the parent's cue to create it. */
    static final String READY = "READY";

    private LifecycleWorker() {
    }

    static DiskCacheConfiguration<String, String> configuration() {
        return new DiskCacheConfiguration<String, String>().setTypes(String.class, String.class)
                .setShards(4).setLockTimeout(Duration.ofSeconds(20));
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[1]);
        CacheManager manager = Caching.getCachingProvider(DiskCachingProvider.class.getName())
                .getCacheManager(directory.toUri(), LifecycleWorker.class.getClassLoader());
        try {
            switch (args[0]) {
                case "share" -> share(manager, directory, args[2], Path.of(args[3]), args[4], Integer.parseInt(args[5]),
                        Integer.parseInt(args[6]), Boolean.parseBoolean(args[7]));
                case "destroy" -> destroy(manager, args[2], Path.of(args[3]), Integer.parseInt(args[4]));
                case "own" -> own(manager, Path.of(args[2]), args[3], Integer.parseInt(args[4]));
                case "hold" -> hold(manager, args[2], args[3], Long.parseLong(args[4]));
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } finally {
            manager.close();
        }
    }

    private static void awaitStart(Path start) throws InterruptedException {
        System.out.println(READY);
        while (!Files.exists(start)) {
            Thread.sleep(2);
        }
    }

    /** The usual application pattern: getCache, and createCache when it does not exist yet. */
    private static void share(CacheManager manager, Path directory, String name, Path start, String jvm, int jvms,
                              int keys, boolean whileBeingCreated) throws Exception {
        awaitStart(start);
        if (whileBeingCreated) {
            // Arrive while another JVM is inside createCache: its store layout file is there, the rest may not be.
            Path layout = directory.resolve(name).resolve("fanout.properties");
            while (!Files.exists(layout)) {
                Thread.onSpinWait();
            }
        }
        Cache<String, String> cache = manager.getCache(name, String.class, String.class);
        String how = "opened";
        if (cache == null) {
            cache = manager.createCache(name, configuration());
            how = "created";
        }
        System.out.println(jvm + " " + how + " " + name + " with lock timeout "
                + cache.getConfiguration(DiskCacheConfiguration.class).getLockTimeout());
        for (int i = 0; i < keys; i++) {
            cache.put(jvm + "-" + i, jvm + "-value-" + i);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int other = 0; other < jvms; other++) {
            for (int i = 0; i < keys; i++) {
                String key = "jvm" + other + "-" + i;
                while (!("jvm" + other + "-value-" + i).equals(cache.get(key))) {
                    if (System.nanoTime() > deadline) {
                        int count = 0;
                        for (Cache.Entry<String, String> ignored : cache) {
                            count++;
                        }
                        throw new AssertionError(jvm + " never saw " + key + "; it sees " + count + " entries");
                    }
                    Thread.sleep(10);
                }
            }
        }
        System.out.println("SAW_ALL " + jvm);
    }

    private static void destroy(CacheManager manager, String name, Path start, int rounds) throws Exception {
        awaitStart(start);
        for (int round = 0; round < rounds; round++) {
            Cache<String, String> cache = manager.getCache(name, String.class, String.class);
            if (cache == null) {
                cache = manager.createCache(name, configuration());
            }
            for (int i = 0; i < 20; i++) {
                cache.put("k" + i, "v" + round + "-" + i);
            }
            manager.destroyCache(name);
            if (manager.getCache(name) != null) {
                throw new AssertionError(name + " still there after destroyCache");
            }
            for (String listed : manager.getCacheNames()) {
                if (listed.equals(name)) {
                    throw new AssertionError(name + " still listed after destroyCache");
                }
            }
        }
        System.out.println("DESTROYED " + rounds);
    }

    private static void hold(CacheManager manager, String name, String key, long millis) {
        // A store transaction holds the shard's write lock (an entry processor holds only its key's lease).
        FanoutCache store = manager.getCache(name, String.class, String.class).unwrap(FanoutCache.class);
        store.transact(key, () -> {
            System.out.println("HOLDING " + store.get(key));
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.set(key, "after-hold");
            return null;
        });
        System.out.println("RELEASED");
    }

    private static void own(CacheManager manager, Path start, String jvm, int rounds) throws Exception {
        awaitStart(start);
        for (int round = 0; round < rounds; round++) {
            String name = "own-" + jvm + "-" + round;
            Cache<String, String> cache = manager.createCache(name, configuration());
            for (int i = 0; i < 20; i++) {
                cache.put("k" + i, name + "-" + i);
            }
            Set<String> listed = new HashSet<>();
            manager.getCacheNames().forEach(listed::add);
            if (!listed.contains(name)) {
                throw new AssertionError(name + " not listed: " + listed);
            }
            cache.close();
            Cache<String, String> reopened = manager.getCache(name, String.class, String.class);
            for (int i = 0; i < 20; i++) {
                if (!(name + "-" + i).equals(reopened.get("k" + i))) {
                    throw new AssertionError(name + " lost k" + i);
                }
            }
        }
        System.out.println("OWN " + jvm + " " + rounds);
    }
}
