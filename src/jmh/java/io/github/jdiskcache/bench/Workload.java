package io.github.jdiskcache.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The shared workload: a store in a fresh temporary directory preloaded with {@code entries}
 * entries {@code "key:<n>"} (n = 0..entries-1) of random byte[] values of {@code valueSize} bytes,
 * the miss keys {@code "key:<entries + n>"}, and a precomputed array of uniformly random entry
 * indexes that {@link KeyCursor}s walk, so choosing a key costs an array read.
 *
 * <p>The directory is {@code -Djdiskcache.bench.dir} (a folder under which a temporary directory is
 * made; default {@code java.io.tmpdir}) and is deleted on {@link #close}.
 */
public final class Workload implements AutoCloseable {
    /** Distinct values rotated through by loads and puts, so an overwrite really changes the row. */
    public static final int DISTINCT_VALUES = 64;
    /** Length of the random index array (a power of two). */
    public static final int INDEXES = 1 << 20;

    public final BenchStore store;
    public final String[] keys;
    public final String[] missKeys;
    public final byte[][] values;
    public final int[] indexes;
    private final Path directory;

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
            keys[n] = "key:" + n;
            missKeys[n] = "key:" + (entries + n);
        }
        byte[][] values = new byte[DISTINCT_VALUES][valueSize];
        for (byte[] value : values) {
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) random.nextInt(256);
            }
        }
        int[] indexes = new int[INDEXES];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = random.nextInt(entries);
        }
        Path directory = newDirectory();
        BenchStore store = null;
        try {
            store = BenchStores.open(storeName, directory);
            long started = System.nanoTime();
            store.load(keys, values);
            long loadMillis = (System.nanoTime() - started) / 1_000_000;
            check(store, keys, missKeys, values);
            System.out.printf("%n[workload] %s: %d entries of %d B loaded in %d ms into %s%n",
                    storeName, entries, valueSize, loadMillis, directory);
            return new Workload(store, directory, keys, missKeys, values, indexes);
        } catch (RuntimeException | Error e) {
            if (store != null) {
                store.close();
            }
            deleteTree(directory);
            throw e;
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

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("[workload] could not delete " + directory + ": " + e);
        }
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            deleteTree(directory);
        }
    }
}
