package io.github.jdiskcache.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The shared workload: a store in a fresh temporary directory preloaded with {@code entries}
 * entries {@code "bench:key:<n>"} (n = 0..entries-1, zero-padded to 10 digits: 20-character keys)
 * of random byte[] values of {@code valueSize} bytes, the miss keys {@code key(entries + n)}, and
 * a precomputed array of uniformly random entry indexes that {@link KeyCursor}s walk, so choosing
 * a key costs an array read.
 *
 * <p>The directory is {@code -Djdiskcache.bench.dir} (a folder under which a temporary directory is
 * made; default {@code java.io.tmpdir}) and is deleted on {@link #close}.
 */
public final class Workload implements AutoCloseable {
    /** Distinct values rotated through by loads and puts, so an overwrite really changes the row. */
    public static final int DISTINCT_VALUES = 64;
    /** Length of the random index array (a power of two). */
    public static final int INDEXES = 1 << 20;
    /** Keys read back after the preload to detect a store that dropped entries. */
    private static final int SAMPLE = 1000;
    /**
     * The stores whose preloaded folder can be copied: see {@link #template}. Two stores compared
     * with each other start the same way: a copied template and a load in the fork itself read at
     * different speeds (jcache from a copy measured ×1.18 of jcache-noheap loaded in its fork on
     * get-miss; both from copies ×1.04, docs/performance.md).
     */
    private static final Set<String> TEMPLATED = Set.of("shard", "fanout8", "sqlite1", "sqlite8", "jcache",
            "jcache-noheap");
    private static final String TEMPLATE_COMPLETE = "template-complete";

    public final BenchStore store;
    public final String[] keys;
    public final String[] missKeys;
    public final byte[][] values;
    public final int[] indexes;
    private final Path directory;
    private boolean storeClosed;

    private Workload(BenchStore store, Path directory, String[] keys, String[] missKeys, byte[][] values,
                     int[] indexes) {
        this.store = store;
        this.directory = directory;
        this.keys = keys;
        this.missKeys = missKeys;
        this.values = values;
        this.indexes = indexes;
    }

    /** Opens {@code storeName} (see {@link BenchStores}) in a new directory and preloads it. */
    public static Workload open(String storeName, int entries, int valueSize) {
        if (entries < 1 || valueSize < 0) {
            throw new IllegalArgumentException("entries " + entries + ", value size " + valueSize);
        }
        SplittableRandom random = new SplittableRandom(42);
        String[] keys = new String[entries];
        String[] missKeys = new String[entries];
        for (int n = 0; n < entries; n++) {
            keys[n] = key(n);
            missKeys[n] = key(entries + n);
        }
        byte[][] values = values(random, valueSize);
        int[] indexes = new int[INDEXES];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = random.nextInt(entries);
        }
        Path directory = newDirectory();
        BenchStore store = null;
        try {
            long started = System.nanoTime();
            String how;
            Path template = template(storeName, entries, valueSize);
            if (template != null) {
                how = copyOfTemplate(storeName, template, keys, values, directory);
                store = BenchStores.open(storeName, directory);
            } else {
                store = BenchStores.open(storeName, directory);
                store.load(keys, values);
                how = "loaded";
            }
            long loadMillis = (System.nanoTime() - started) / 1_000_000;
            check(store, keys, missKeys, values);
            int present = samplePresent(store, keys, indexes, SAMPLE);
            System.out.printf("%n[workload] %s: %d entries of %d B %s in %d ms into %s; %d of %d sampled keys present%n",
                    storeName, entries, valueSize, how, loadMillis, directory, present, SAMPLE);
            if (present < SAMPLE) {
                System.out.printf("[workload] WARNING: %s lost %d of %d sampled entries after the preload%n",
                        storeName, SAMPLE - present, SAMPLE);
            }
            return new Workload(store, directory, keys, missKeys, values, indexes);
        } catch (RuntimeException | Error e) {
            if (store != null) {
                store.close();
            }
            deleteTree(directory);
            throw e;
        }
    }

    /**
     * With {@code -Djdiskcache.bench.templates=<folder>}, the preloaded (and closed) store of
     * {@code store, entries, size} is kept in that folder and each later trial starts from a copy of
     * it instead of loading again: the same content, in a fraction of the time. Only the SQLite
     * stores, whose files are complete once closed (not Ehcache: a reopened persistent tier is slow
     * for a while; not Caffeine: nothing on disk); null for the others or without the property.
     */
    static Path template(String store, int entries, int valueSize) {
        String folder = System.getProperty("jdiskcache.bench.templates");
        if (folder == null || !TEMPLATED.contains(store)) {
            return null;
        }
        return Paths.get(folder).resolve(store + "-" + entries + "-" + valueSize);
    }

    /**
     * Copies {@code storeName}'s {@code template} into the existing folder {@code directory}, loading
     * the template with {@code keys} and {@code values} first when it is not complete; says how.
     */
    static String copyOfTemplate(String storeName, Path template, String[] keys, byte[][] values, Path directory) {
        String how = "copied from template " + template;
        if (!Files.exists(template.resolve(TEMPLATE_COMPLETE))) {
            deleteTree(template);
            try (BenchStore loading = BenchStores.open(storeName, createDirectories(template))) {
                loading.load(keys, values);
            }
            writeMarker(template.resolve(TEMPLATE_COMPLETE));
            how = "loaded into template " + template + " and copied";
        }
        copyTree(template, directory);
        return how;
    }

    private static Path createDirectories(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeMarker(Path marker) {
        try {
            Files.writeString(marker, "complete\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code from}'s files (except the template marker) into the existing folder {@code to}. */
    static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (path.getFileName().toString().equals(TEMPLATE_COMPLETE)) {
                    continue;
                }
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(BenchStore store, String[] keys, String[] missKeys, byte[][] values) {
        for (int n : new int[] {0, keys.length / 2, keys.length - 1}) {
            byte[] got = store.get(keys[n]);
            if (!Arrays.equals(got, values[n % values.length])) {
                throw new IllegalStateException("preloaded " + keys[n] + " reads back wrong: "
                        + (got == null ? "missing" : got.length + " bytes"));
            }
            if (store.get(missKeys[n]) != null) {
                throw new IllegalStateException("miss key " + missKeys[n] + " is present");
            }
        }
    }

    /** The {@link #DISTINCT_VALUES} random values of {@code valueSize} bytes a workload rotates through. */
    static byte[][] values(SplittableRandom random, int valueSize) {
        byte[][] values = new byte[DISTINCT_VALUES][valueSize];
        for (byte[] value : values) {
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) random.nextInt(256);
            }
        }
        return values;
    }

    /** The key of entry {@code n}: {@code "bench:key:"} and n in 10 digits (Python's script uses the same). */
    public static String key(int n) {
        return String.format("bench:key:%010d", n);
    }

    /** How many of the first {@code sample} random indexes' keys read back non-null. */
    static int samplePresent(BenchStore store, String[] keys, int[] indexes, int sample) {
        int present = 0;
        for (int i = 0; i < sample; i++) {
            if (store.get(keys[indexes[i]]) != null) {
                present++;
            }
        }
        return present;
    }

    /** How many of all preloaded keys read back non-null (slow: one get per entry). */
    public int countPresent() {
        int present = 0;
        for (String key : keys) {
            if (store.get(key) != null) {
                present++;
            }
        }
        return present;
    }

    /** The store's folder. */
    public Path directory() {
        return directory;
    }

    /**
     * Closes the store (so WAL files are checkpointed and persistent tiers flushed) and returns the
     * folder's {apparent bytes, allocated bytes (du -sk × 1024, or -1 when du is not available)}.
     * {@link #close} then only deletes the folder.
     */
    public long[] closeStoreAndMeasureDisk() {
        closeStore();
        return diskUsage(directory);
    }

    /** {apparent bytes (sum of file sizes), allocated bytes (du -sk × 1024, -1 if du failed)} of a folder. */
    public static long[] diskUsage(Path folder) {
        long apparent;
        try (Stream<Path> paths = Files.walk(folder)) {
            apparent = paths.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long allocated = -1;
        try {
            Process du = new ProcessBuilder("du", "-sk", folder.toString()).redirectErrorStream(true).start();
            String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (du.waitFor() == 0) {
                allocated = Long.parseLong(out.split("\\s+")[0]) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // no du: allocated stays unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new long[] {apparent, allocated};
    }

    private void closeStore() {
        if (!storeClosed) {
            storeClosed = true;
            store.close();
        }
    }

    /** The value a put at step {@code step} writes. */
    public byte[] value(int step) {
        return values[step & (DISTINCT_VALUES - 1)];
    }

    private static Path newDirectory() {
        Path base = Paths.get(System.getProperty("jdiskcache.bench.dir", System.getProperty("java.io.tmpdir")));
        try {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "jdiskcache-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("[workload] could not delete " + directory + ": " + e);
        }
    }

    @Override
    public void close() {
        try {
            closeStore();
        } finally {
            deleteTree(directory);
        }
    }
}
