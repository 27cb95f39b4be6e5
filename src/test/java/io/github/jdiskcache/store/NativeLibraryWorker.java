package io.github.jdiskcache.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM entry point: opens the FanoutCache in {@code args[0]} as the JVM's first SQLite use,
 * writes and reads one entry, and prints {@code LOADED <file>} for the sqlite-jdbc native library
 * the process mapped (from /proc/self/maps), then sqlite-jdbc's {@code org.sqlite.lib.path} and
 * {@code org.sqlite.tmpdir} properties.
 */
public final class NativeLibraryWorker {
    static final String LOADED = "LOADED ";
    static final String PROPERTY = "org.sqlite.lib.path=";
    static final String TEMPORARY_FOLDER = KeptNativeLibrary.TEMPORARY_FOLDER + "=";

    public static void main(String[] args) throws Exception {
        try (FanoutCache cache = FanoutCache.open(Path.of(args[0]))) {
            cache.set("key", "value");
            if (!"value".equals(cache.get("key"))) {
                throw new AssertionError("the cache does not work");
            }
        }
        Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains("sqlitejdbc"))
                .map(line -> line.substring(line.indexOf('/')))
                .distinct()
                .forEach(file -> System.out.println(LOADED + file));
        System.out.println(PROPERTY + System.getProperty("org.sqlite.lib.path"));
        System.out.println(TEMPORARY_FOLDER + System.getProperty(KeptNativeLibrary.TEMPORARY_FOLDER));
    }
}
