package io.github.jdiskcache.reliability;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.processor.EntryProcessor;

import io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration;
import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/**
 * Child JVM of {@link CrashSafetyTest}: writes to a JCache cache in a loop until it is killed,
 * announcing each operation in a journal file before it starts ({@code OP}) and acknowledging it
 * only after the call returned ({@code ACK}); the trailing {@code $} marks a complete line.
 *
 * <p>The journal is a file, not stdout: a line {@code write(2)} to a file is in the page cache
 * when the call returns and survives SIGKILL, while {@code java.lang.Process} may drop the last
 * lines still in a killed child's stdout pipe (observed here: 1–8 lines lost in about 1 kill of 20).
 *
 * <p>Arguments: manager directory, cache name, number of the first operation, random seed, journal file.
 */
public final class CrashWriter {
    /** A child the parent forgot to kill must not outlive the build. */
    private static final long MAX_RUN_MILLIS = 120_000;

    /** Unbuffered: every line is one write(2), in the page cache (so it survives SIGKILL) when it returns. */
    private static FileOutputStream journal;

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        String cacheName = args[1];
        long op = Long.parseLong(args[2]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[3]));
        journal = new FileOutputStream(args[4]);

        CacheManager manager = Caching.getCachingProvider(DiskCachingProvider.class.getName())
                .getCacheManager(directory.toUri(), CrashWriter.class.getClassLoader());
        Cache<String, Object> cache = manager.getCache(cacheName, String.class, Object.class);
        if (cache == null) {
            cache = manager.createCache(cacheName,
                    new DiskCacheConfiguration<String, Object>().setTypes(String.class, Object.class));
        }
        say("READY");
        long started = System.currentTimeMillis();
        while (System.currentTimeMillis() - started < MAX_RUN_MILLIS) {
            int dice = random.nextInt(100);
            if (dice < 22) {
                String key = CrashValues.small(random.nextInt(CrashValues.SMALL_KEYS));
                say("OP " + op + " PUT " + key);
                cache.put(key, CrashValues.valueFor(key, op));
                say("ACK " + op + " -");
            } else if (dice < 37) {
                String key = CrashValues.big(random.nextInt(CrashValues.BIG_KEYS));
                say("OP " + op + " PUT " + key);
                cache.put(key, CrashValues.valueFor(key, op));
                say("ACK " + op + " -");
            } else if (dice < 50) {
                Map<String, Object> entries = new LinkedHashMap<>();
                int count = 2 + random.nextInt(3);
                while (entries.size() < count) {
                    String key = CrashValues.multi(random.nextInt(CrashValues.MULTI_KEYS));
                    entries.put(key, CrashValues.valueFor(key, op));
                }
                say("OP " + op + " PUTALL " + String.join(",", entries.keySet()));
                cache.putAll(entries);
                say("ACK " + op + " -");
            } else if (dice < 65) {
                List<String> candidates = new ArrayList<>();
                candidates.add(CrashValues.small(random.nextInt(CrashValues.SMALL_KEYS)));
                candidates.add(CrashValues.big(random.nextInt(CrashValues.BIG_KEYS)));
                candidates.add(CrashValues.multi(random.nextInt(CrashValues.MULTI_KEYS)));
                String key = candidates.get(random.nextInt(candidates.size()));
                say("OP " + op + " REMOVE " + key);
                boolean removed = cache.remove(key);
                say("ACK " + op + " " + removed);
            } else if (dice < 83) {
                say("OP " + op + " INCR " + CrashValues.COUNTER);
                long value = cache.invoke(CrashValues.COUNTER, INCREMENT);
                say("ACK " + op + " " + value);
            } else {
                String key = CrashValues.seq(random.nextInt(CrashValues.SEQ_KEYS));
                say("OP " + op + " SEQ " + key);
                long n = cache.invoke(key, NEXT_IN_SEQUENCE);
                say("ACK " + op + " " + n);
            }
            op++;
        }
        say("GAVE-UP");
        System.exit(3);
    }

    private static final EntryProcessor<String, Object, Long> INCREMENT = (entry, arguments) -> {
        long next = entry.exists() ? (Long) entry.getValue() + 1 : 1L;
        entry.setValue(next);
        return next;
    };

    /** Reads the key's sequence value, refuses a damaged one, stores the next. */
    private static final EntryProcessor<String, Object, Long> NEXT_IN_SEQUENCE = (entry, arguments) -> {
        long current = 0;
        if (entry.exists()) {
            current = CrashValues.seqNumber(entry.getKey(), entry.getValue());
            if (current < 0) {
                throw new IllegalStateException("damaged sequence value under " + entry.getKey() + ": "
                        + CrashValues.describe(entry.getValue()));
            }
        }
        entry.setValue(CrashValues.seqValue(entry.getKey(), current + 1));
        return current + 1;
    };

    /** One line in one write: the parent sees all of it or none of it. */
    private static void say(String line) throws IOException {
        journal.write((line + " $\n").getBytes(StandardCharsets.UTF_8));
    }
}
