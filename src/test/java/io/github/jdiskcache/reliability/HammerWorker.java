package io.github.jdiskcache.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.CRC32;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.processor.EntryProcessor;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.LockTimeoutException;

/**
 * Child JVM of {@link ManyJvmTest}: several threads hammer one JCache cache with put, get, remove,
 * invoke (counter increments; sometimes a slow processor, which holds its key's lease), sometimes a
 * store transaction that holds a shard's write lock for a while, and
 * putIfAbsent on keys every JVM competes for. It reports what it did on stdout:
 *
 * <pre>
 * LOCK_TIMEOUT_MS &lt;configured&gt;
 * INCREMENTS &lt;counter&gt; &lt;acknowledged increments&gt;
 * WIN &lt;key&gt; &lt;value&gt;                 one line per putIfAbsent this JVM won
 * TIMEOUT &lt;operation&gt; &lt;millis&gt;          one line per typed lock timeout, with the call's duration
 * UNEXPECTED &lt;stack trace&gt;                anything else thrown (must never appear)
 * OPS &lt;count&gt;
 * </pre>
 *
 * <p>Arguments: manager directory, cache name, start file, JVM id, run millis, threads.
 */
public final class HammerWorker {
    static final int SHARED_KEYS = 16;
    static final int COUNTERS = 2;
    static final int CONTESTED_KEYS = 40;
    static final int SLOW_PROCESSOR_MILLIS = 150;

    private HammerWorker() {
    }

    static String shared(int i) {
        return "shared-" + i;
    }

    static String counter(int i) {
        return "counter-" + i;
    }

    static String contested(int i) {
        return "contested-" + i;
    }

    /** A shared value: who wrote it, and a checksum that tells a damaged value from a foreign one. */
    static String sharedValue(String key, String writer, long n) {
        String body = key + "|" + writer + "|" + n;
        return body + "|" + crc(body);
    }

    static boolean isSharedValue(String key, Object value) {
        if (!(value instanceof String text)) {
            return false;
        }
        int bar = text.lastIndexOf('|');
        return bar > 0 && text.startsWith(key + "|") && text.substring(bar + 1).equals(crc(text.substring(0, bar)));
    }

    private static String crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return Long.toString(crc.getValue());
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        String cacheName = args[1];
        Path start = Path.of(args[2]);
        String jvm = args[3];
        long runMillis = Long.parseLong(args[4]);
        int threads = Integer.parseInt(args[5]);

        CacheManager manager = Caching.getCachingProvider(DiskCachingProvider.class.getName())
                .getCacheManager(directory.toUri(), HammerWorker.class.getClassLoader());
        Cache<String, Object> cache = manager.getCache(cacheName, String.class, Object.class);
        if (cache == null) {
            throw new IllegalStateException("the parent creates cache " + cacheName + " first");
        }
        // The parent configured the timeout in a DiskCacheConfiguration; getCache must have kept it.
        @SuppressWarnings("unchecked")
        DiskCacheConfiguration<String, Object> configuration = cache.getConfiguration(DiskCacheConfiguration.class);
        Duration lockTimeout = configuration.getLockTimeout();
        System.out.println("LOCK_TIMEOUT_MS " + (lockTimeout == null ? -1 : lockTimeout.toMillis()));

        while (!Files.exists(start)) {
            Thread.sleep(5);
        }
        long deadline = System.nanoTime() + runMillis * 1_000_000L;
        AtomicLongArray increments = new AtomicLongArray(COUNTERS);
        AtomicLong ops = new AtomicLong();
        ConcurrentLinkedQueue<String> report = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String writer = jvm + "." + t;
            SplittableRandom random = new SplittableRandom((jvm + writer).hashCode() * 31L + System.nanoTime());
            Cache<String, Object> c = cache;
            Thread worker = new Thread(() -> hammer(c, writer, random, deadline, increments, ops, report), writer);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        for (int i = 0; i < COUNTERS; i++) {
            System.out.println("INCREMENTS " + counter(i) + " " + increments.get(i));
        }
        report.forEach(System.out::println);
        System.out.println("OPS " + ops.get());
        manager.close();
    }

    private static void hammer(Cache<String, Object> cache, String writer, SplittableRandom random, long deadline,
                               AtomicLongArray increments, AtomicLong ops, ConcurrentLinkedQueue<String> report) {
        List<Integer> contestedOrder = new ArrayList<>();
        for (int i = 0; i < CONTESTED_KEYS; i++) {
            contestedOrder.add(i);
        }
        Collections.shuffle(contestedOrder, new java.util.Random(random.nextLong()));
        FanoutCache store = cache.unwrap(FanoutCache.class);
        int nextContested = 0;
        long n = 0;
        while (System.nanoTime() < deadline || nextContested < CONTESTED_KEYS) {
            boolean finishing = System.nanoTime() >= deadline;
            int dice = finishing ? 99 : random.nextInt(100);
            String operation = "?";
            long started = System.nanoTime();
            try {
                if (dice < 25) {
                    String key = shared(random.nextInt(SHARED_KEYS));
                    operation = "put";
                    cache.put(key, sharedValue(key, writer, n++));
                } else if (dice < 50) {
                    String key = shared(random.nextInt(SHARED_KEYS));
                    operation = "get";
                    Object value = cache.get(key);
                    if (value != null && !isSharedValue(key, value)) {
                        report.add("UNEXPECTED damaged value under " + key + ": " + value);
                    }
                } else if (dice < 60) {
                    operation = "remove";
                    cache.remove(shared(random.nextInt(SHARED_KEYS)));
                } else if (dice < 82) {
                    int i = random.nextInt(COUNTERS);
                    operation = "invoke";
                    cache.invoke(counter(i), INCREMENT);
                    increments.incrementAndGet(i); // only after the call returned: acknowledged
                } else if (dice < 83) {
                    // Holds the write lock of the key's shard for a while, so others meet the timeout.
                    operation = "transact-slow";
                    store.transact(shared(random.nextInt(SHARED_KEYS)), HammerWorker::pause);
                } else if (dice < 84) {
                    // Holds only the key's lease: writers of that key wait for it, others go on.
                    operation = "invoke-slow";
                    cache.invoke(shared(random.nextInt(SHARED_KEYS)), SLOW_TOUCH);
                } else if (nextContested < CONTESTED_KEYS) {
                    String key = contested(contestedOrder.get(nextContested));
                    operation = "putIfAbsent";
                    if (cache.putIfAbsent(key, writer)) {
                        report.add("WIN " + key + " " + writer);
                    }
                    nextContested++; // a definite answer; after a timeout the same key is tried again
                }
                ops.incrementAndGet();
            } catch (LockTimeoutException e) {
                // The store's own timeout, from the store transaction (JCache wraps it in a CacheException).
                report.add("TIMEOUT " + operation + " " + (System.nanoTime() - started) / 1_000_000);
            } catch (CacheException e) {
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (e.getCause() instanceof LockTimeoutException) {
                    report.add("TIMEOUT " + operation + " " + millis);
                } else {
                    report.add("UNEXPECTED " + operation + " after " + millis + " ms: " + stackTrace(e));
                }
            } catch (RuntimeException | Error e) {
                long millis = (System.nanoTime() - started) / 1_000_000;
                report.add("UNEXPECTED " + operation + " after " + millis + " ms: " + stackTrace(e));
            }
        }
    }

    private static final EntryProcessor<String, Object, Long> INCREMENT = (entry, arguments) -> {
        long next = entry.exists() ? (Long) entry.getValue() + 1 : 1L;
        entry.setValue(next);
        return next;
    };

    private static final EntryProcessor<String, Object, Object> SLOW_TOUCH = (entry, arguments) -> {
        pause();
        return entry.getValue();
    };

    /** The slow part of a slow operation: {@value #SLOW_PROCESSOR_MILLIS} ms of work. */
    private static Void pause() {
        try {
            Thread.sleep(SLOW_PROCESSOR_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString().replace('\n', '|');
    }
}
