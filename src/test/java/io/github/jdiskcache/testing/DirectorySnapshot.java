package io.github.jdiskcache.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file of a cache directory with its bytes, to prove that looking at a cache changed
 * nothing. SQLite's {@code -shm} file is its shared-memory index, which every reader may rebuild,
 * and a read-only reader may create the coordination files {@code -wal} (empty) and {@code -shm}
 * that a clean close removed: neither holds data.
 */
public record DirectorySnapshot(Map<String, byte[]> files) {
    public static DirectorySnapshot of(Path directory) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(directory.relativize(file).toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DirectorySnapshot(files);
    }

    /** Fails unless every file is as in {@code before} and the only new files are SQLite's empty coordination files. */
    public void assertUnchangedSince(DirectorySnapshot before) {
        before.files.forEach((name, bytes) -> {
            assertTrue(files.containsKey(name), name + " was removed");
            if (!name.endsWith("-shm")) {
                assertArrayEquals(bytes, files.get(name), name + " was changed");
            }
        });
        files.forEach((name, bytes) -> {
            if (!before.files.containsKey(name)) {
                assertTrue(name.endsWith("-shm") || (name.endsWith("-wal") && bytes.length == 0),
                        name + " was created (" + bytes.length + " bytes)");
            }
        });
    }
}
