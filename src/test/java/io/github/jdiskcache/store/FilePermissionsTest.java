package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePermissionsTest {
    @TempDir
    Path work;

    @Test
    void everythingTheStoreCreatesIsOwnerOnlyByDefault() throws IOException {
        Path directory = work.resolve("cache");
        try (FanoutCache cache = FanoutCache.open(directory, 2, Settings.none(), StoreOptions.defaults())) {
            cache.set("small", "v");
            cache.set("big", new byte[50_000]);
        }
        List<Path> created = all(directory);
        assertTrue(created.stream().anyMatch(path -> path.toString().endsWith(".val")));
        assertTrue(created.stream().anyMatch(path -> path.toString().endsWith("cache.db-wal")
                || path.toString().endsWith("cache.db")));
        for (Path path : created) {
            String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
            assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path.toString());
        }
    }

    @Test
    void groupSharingCanBeConfigured() throws IOException {
        Path directory = work.resolve("shared");
        StoreOptions options = StoreOptions.defaults().withPermissions(FilePermissions.of("rw-rw----"));
        try (Shard shard = Shard.open(directory, Settings.none(), options)) {
            shard.set("big", new byte[50_000]);
        }
        for (Path path : all(directory)) {
            String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
            assertTrue(permissions.startsWith(Files.isDirectory(path) ? "rwxrwx" : "rw-rw"), path + " " + permissions);
            assertTrue(permissions.endsWith("---"), path + " " + permissions);
        }
    }

    @Test
    void aReplacedFileHasTheNewBytesThesePermissionsAndNoTemporaryLeft() throws IOException {
        Path file = work.resolve("layout");
        Files.writeString(file, "old");
        FilePermissions groupReadable = FilePermissions.of("rw-r-----");

        groupReadable.replaceAtomically(file, "new".getBytes());

        assertEquals("new", Files.readString(file));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of(file), all(work).stream().filter(Files::isRegularFile).toList());
    }

    @Test
    void aReplacementThatFailsLeavesTheOldFileAndNoTemporary() throws IOException {
        Path occupied = Files.createDirectory(work.resolve("occupied"));
        Files.writeString(occupied.resolve("inside"), "kept");

        assertThrows(IOException.class, () -> FilePermissions.ownerOnly().replaceAtomically(occupied, "new".getBytes()));

        assertEquals("kept", Files.readString(occupied.resolve("inside")));
        assertEquals(List.of(occupied.resolve("inside")), all(work).stream().filter(Files::isRegularFile).toList());
    }

    @Test
    void badPermissionTextIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> FilePermissions.of("rwx"));
    }

    private static List<Path> all(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.toList();
        }
    }
}
