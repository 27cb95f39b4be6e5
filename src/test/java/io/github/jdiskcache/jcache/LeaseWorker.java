package io.github.jdiskcache.jcache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.processor.EntryProcessor;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;

/**
 * Child-JVM entry point for the lease tests: user code (an entry processor, a writer, a loader)
 * that works on one key for as long as the test wants, in a cache shared through the default
 * provider ({@code -Djdiskcache.directory}). The caches' lock timeout is {@link #LOCK_TIMEOUT}, so
 * user code that outlasts it shows whether it holds the shard's lock. Commands:
 * <ul>
 *   <li>{@code hold invoke|append|write|load KEY READY RELEASE}: the processor / writer / loader of KEY
 *       creates READY, then works until RELEASE appears, and stores {@code held} (append: the value it
 *       finds followed by {@code +held}) / {@code written} / {@code loaded};</li>
 *   <li>{@code compute-once KEY THREADS MILLIS GO}: prints {@code ready}, waits for GO, then THREADS
 *       threads invoke a "compute if absent" processor on KEY that computes for MILLIS ms; prints
 *       {@code computing} per computation, then {@code got VALUE} or {@code failed ERROR} per thread;</li>
 *   <li>{@code load-once KEY THREADS MILLIS GO}: the same with read-through {@code get}s of KEY
 *       whose loader takes MILLIS ms and prints {@code loading}.</li>
 * </ul>
 */
public final class LeaseWorker {
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
    static final String PROCESSORS = "processors";
    static final String WRITERS = "writers";
    static final String LOADERS = "loaders";
    static final String SLOW_LOADERS = "slow-loaders";
    private static final String LOAD_MILLIS = "lease.loadMillis";
    private static final String READY = "lease.ready";
    private static final String RELEASE = "lease.release";

    public static void main(String[] args) throws Exception {
        try (CacheManager manager = Caching.getCachingProvider().getCacheManager()) {
            switch (args[0]) {
                case "hold" -> hold(manager, args[1], args[2], Path.of(args[3]), Path.of(args[4]));
                case "compute-once" -> computeOnce(open(manager, PROCESSORS), args[1], Integer.parseInt(args[2]),
                        Long.parseLong(args[3]), Path.of(args[4]));
                case "load-once" -> {
                    System.setProperty(LOAD_MILLIS, args[3]);
                    loadOnce(open(manager, SLOW_LOADERS), args[1], Integer.parseInt(args[2]), Path.of(args[4]));
                }
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        }
    }

    private static void hold(CacheManager manager, String what, String key, Path ready, Path release) {
        System.setProperty(READY, ready.toString());
        System.setProperty(RELEASE, release.toString());
        switch (what) {
            case "invoke" -> open(manager, PROCESSORS).invoke(key, (entry, arguments) -> {
                workUntilReleased();
                entry.setValue("held");
                return null;
            });
            case "append" -> open(manager, PROCESSORS).invoke(key, (entry, arguments) -> {
                workUntilReleased();
                entry.setValue(entry.getValue() + "+held");
                return null;
            });
            case "write" -> open(manager, WRITERS).put(key, "written");
            case "load" -> open(manager, LOADERS).get(key);
            default -> throw new IllegalArgumentException("unknown user code " + what);
        }
        System.out.println("done");
    }

    /** Announces that user code runs, then runs until the test lets it finish. */
    static void workUntilReleased() {
        try {
            Path ready = Path.of(System.getProperty(READY));
            if (!Files.exists(ready)) {
                Files.createFile(ready); // a processor deciding again passes straight through: it was released
            }
            Path release = Path.of(System.getProperty(RELEASE));
            while (!Files.exists(release)) {
                Thread.sleep(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this JVM's user code is the one a test holds (other JVMs' writers and loaders never wait). */
    static boolean held() {
        return System.getProperty(READY) != null;
    }

    private static void computeOnce(Cache<String, String> cache, String key, int threads, long millis, Path go)
            throws Exception {
        EntryProcessor<String, String, String> computeIfAbsent = (entry, arguments) -> {
            if (entry.exists()) {
                return entry.getValue();
            }
            System.out.println("computing");
            try {
                Thread.sleep(millis); // the computation itself, as slow as a sync = true method can be
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            entry.setValue("computed by " + ProcessHandle.current().pid());
            return entry.getValue();
        };
        callTogether(threads, go, () -> cache.invoke(key, computeIfAbsent));
    }

    private static void loadOnce(Cache<String, String> cache, String key, int threads, Path go) throws Exception {
        callTogether(threads, go, () -> cache.get(key));
    }

    /** Prints {@code ready}, waits for {@code go}, then makes {@code threads} calls at once; prints each outcome. */
    private static void callTogether(int threads, Path go, Callable<String> call) throws Exception {
        System.out.println("ready");
        while (!Files.exists(go)) {
            Thread.sleep(1);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(call));
        }
        for (Future<String> result : results) {
            try {
                System.out.println("got " + result.get());
            } catch (Exception e) {
                System.out.println("failed " + e);
            }
        }
        pool.shutdown();
    }

    /** The test's caches, created by whoever comes first: lock timeout {@link #LOCK_TIMEOUT}, and a writer or loader by name. */
    static Cache<String, String> open(CacheManager manager, String name) {
        Cache<String, String> cache = manager.getCache(name, String.class, String.class);
        if (cache != null) {
            return cache;
        }
        DiskCacheConfiguration<String, String> configuration = new DiskCacheConfiguration<String, String>()
                .setTypes(String.class, String.class).setLockTimeout(LOCK_TIMEOUT);
        if (name.equals(WRITERS)) {
            configuration.setCacheWriterFactory(FactoryBuilder.factoryOf(HeldWriter.class)).setWriteThrough(true);
        } else if (name.equals(LOADERS)) {
            configuration.setCacheLoaderFactory(FactoryBuilder.factoryOf(HeldLoader.class)).setReadThrough(true);
        } else if (name.equals(SLOW_LOADERS)) {
            configuration.setCacheLoaderFactory(FactoryBuilder.factoryOf(SlowLoader.class)).setReadThrough(true);
        }
        try {
            return manager.createCache(name, configuration);
        } catch (javax.cache.CacheException raced) {
            return manager.getCache(name, String.class, String.class);
        }
    }

    /** A write-through writer that, in the holding JVM, works until released. */
    public static final class HeldWriter implements CacheWriter<String, String> {
        @Override
        public void write(Cache.Entry<? extends String, ? extends String> entry) {
            if (held()) {
                workUntilReleased();
            }
        }

        @Override
        public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
            entries.clear();
        }

        @Override
        public void delete(Object key) {
            // Deletes are not what these tests hold.
        }

        @Override
        public void deleteAll(Collection<?> keys) {
            keys.clear();
        }
    }

    /** A read-through loader that takes {@code lease.loadMillis} ms and says so. */
    public static final class SlowLoader implements CacheLoader<String, String> {
        @Override
        public String load(String key) {
            System.out.println("loading");
            try {
                Thread.sleep(Long.getLong(LOAD_MILLIS, 0)); // the load itself, as slow as a database can be
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "loaded by " + ProcessHandle.current().pid();
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            Map<String, String> loaded = new HashMap<>();
            keys.forEach(key -> loaded.put(key, load(key)));
            return loaded;
        }
    }

    /** A read-through loader that, in the holding JVM, works until released. */
    public static final class HeldLoader implements CacheLoader<String, String> {
        @Override
        public String load(String key) {
            if (held()) {
                workUntilReleased();
            }
            return "loaded";
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            Map<String, String> loaded = new HashMap<>();
            keys.forEach(key -> loaded.put(key, load(key)));
            return loaded;
        }
    }
}
