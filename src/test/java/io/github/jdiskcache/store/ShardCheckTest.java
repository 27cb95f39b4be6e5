package io.github.jdiskcache.store;

import static io.github.jdiskcache.store.ShardFiles.column;
import static io.github.jdiskcache.store.ShardFiles.execute;
import static io.github.jdiskcache.store.ShardFiles.valueFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardCheckTest {
    @TempDir
    Path directory;

    private ShardParts parts;
    private ShardCheck check;

    @BeforeEach
    void open() {
        parts = new ShardParts(directory, false);
        check = parts.check;
    }

    @AfterEach
    void close() {
        parts.close();
    }

    private static void assertWarned(List<String> warnings, String kind, Path path) {
        assertTrue(warnings.contains(kind + ": " + path), kind + ": " + path + " in " + warnings);
    }

    @Test
    void orphanValueFilesAndEmptyDirectoriesAreReportedAndRemovedOnlyWithFix() throws Exception {
        parts.entries.set("kept", new byte[1_000], null, null);
        Path orphan = directory.resolve("ab/cd/0123456789abcdef0123456789ab.val");
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, new byte[] {1});
        Path stray = directory.resolve("stray.val");
        Files.write(stray, new byte[] {2});
        Path empty = Files.createDirectories(directory.resolve("ee/ff"));

        List<String> reported = check.check(false);
        assertWarned(reported, "unknown file", orphan);
        assertWarned(reported, "unknown file", stray);
        assertWarned(reported, "empty directory", empty);
        assertEquals(3, reported.size(), reported.toString());
        assertTrue(Files.exists(orphan) && Files.exists(stray) && Files.isDirectory(empty), "without fix nothing goes");
        assertEquals(reported, check.check(false));

        List<String> fixed = check.check(true);
        assertWarned(fixed, "unknown file", orphan);
        assertWarned(fixed, "empty directory", orphan.getParent());
        assertWarned(fixed, "empty directory", empty.getParent());
        assertFalse(Files.exists(orphan) || Files.exists(stray) || Files.exists(directory.resolve("ab"))
                || Files.exists(directory.resolve("ee")));
        assertEquals(List.of(), check.check(false));
        assertEquals(1_000, ((byte[]) parts.entries.get("kept")).length, "the referenced file stays");
    }

    @Test
    void aRowWhoseFileIsMissingIsReportedAndRemovedOnlyWithFix() throws Exception {
        parts.entries.set("gone", new byte[1_000], null, null);
        parts.entries.set("other", "v", null, null);
        Path file = directory.resolve(valueFiles(directory).get(0));
        Files.delete(file);

        // The folder the file left is empty: reported (and removed with fix) as well.
        assertWarned(check.check(false), "file not found", file);
        assertNotNull(parts.entryRow(parts.disk.encodeKey("gone")), "a check without fix changes nothing");
        assertEquals(2, parts.size());

        assertWarned(check.check(true), "file not found", file);
        assertEquals(List.of(), check.check(false));
        assertEquals(1, parts.size());
        assertEquals("v", parts.entries.get("other"));
    }

    @Test
    void countersThatDisagreeWithTheRowsAreReportedAndCorrectedOnlyWithFix() throws Exception {
        parts.entries.set("k", "v", null, null);
        execute(directory, "UPDATE Settings SET value = 99 WHERE key = 'count'");
        assertEquals(List.of("Settings.count != COUNT(Cache.key); 99 != 1"), check.check(false));
        assertEquals(99, parts.size());
        check.check(true);
        assertEquals(1, parts.size());
        assertEquals(List.of(), check.check(false));
    }

    @Test
    void rowsOnlyAnotherReaderCanReadAreLeftUntouched() throws Exception {
        parts.entries.set("pickled", "x", null, null);
        parts.entries.set("evolved", "y", null, null);
        // A Python pickle, and a Java serialization stream of a class this process lacks.
        execute(directory, "UPDATE Cache SET mode = " + ValueMode.PICKLE + ", value = x'80049503000000000000008c0178'"
                + " WHERE key = 'pickled'");
        execute(directory, "UPDATE Cache SET mode = " + ValueMode.SERIALIZED
                + ", value = x'aced0005737200106e6f2e737563682e436c617373' WHERE key = 'evolved'");
        byte[] pickle = (byte[]) column(directory, "value", "Cache WHERE key = 'pickled'");
        byte[] stream = (byte[]) column(directory, "value", "Cache WHERE key = 'evolved'");

        assertEquals(List.of(), check.check(true));
        assertEquals(2, parts.size());
        assertArrayEquals(pickle, (byte[]) column(directory, "value", "Cache WHERE key = 'pickled'"));
        assertArrayEquals(stream, (byte[]) column(directory, "value", "Cache WHERE key = 'evolved'"));
    }

    // Moved from ShardTest.

    @Test
    void checkFindsAndFixesDamage() throws Exception {
        parts.entries.set("a", new byte[40_000], null, null);
        parts.entries.set("b", new byte[40_000], null, null);
        List<String> files = valueFiles(directory);
        Files.delete(directory.resolve(files.get(0)));
        Files.write(directory.resolve(files.get(1)), new byte[10]);
        Files.write(directory.resolve("stray.val"), new byte[1]);
        Files.createDirectories(directory.resolve("ee/ff"));
        List<String> warnings = check.check(true);
        for (String kind : List.of("wrong file size", "file not found", "unknown file", "empty directory")) {
            assertTrue(warnings.stream().anyMatch(warning -> warning.startsWith(kind)), kind + " in " + warnings);
        }
        assertEquals(List.of(), check.check(false));
        assertEquals(0, parts.size(), "rows whose file is missing or of the wrong size are dropped");
    }
}
