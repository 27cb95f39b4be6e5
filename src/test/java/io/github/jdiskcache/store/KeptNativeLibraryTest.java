package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

import io.github.jdiskcache.testing.ChildJvm;

/**
 * The kept copy of sqlite-jdbc's native library: fresh JVMs load it instead of extracting their
 * own, and a copy that is tampered with, foreign-owned, writable by others or a link is never loaded.
 */
class KeptNativeLibraryTest {
    private static final byte[] LIBRARY = "the library's bytes".getBytes(StandardCharsets.UTF_8);
    private static final String NAME = "libtest.so";

    @TempDir
    Path temp;

    private Path folder;
    private UserPrincipal me;

    @BeforeEach
    void posixOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        folder = temp.resolve(KeptNativeLibrary.FOLDER);
        me = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
    }

    private KeptNativeLibrary kept(byte[] original, UserPrincipal user) {
        return new KeptNativeLibrary(folder, NAME, () -> new ByteArrayInputStream(original), new PrivateFiles(user), null);
    }

    @Test
    void aMissingCopyIsWrittenOwnerOnlyAndThenUsed() throws IOException {
        Path library = kept(LIBRARY, me).usable();

        assertEquals(folder.resolve(NAME), library);
        assertArrayEquals(LIBRARY, Files.readAllBytes(library));
        assertEquals("r-x------", PosixFilePermissions.toString(Files.getPosixFilePermissions(library)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(library), files.toList(), "no temporary file is left behind");
        }
        assertEquals(library, kept(LIBRARY, me).usable(), "the next JVM uses the same copy");
    }

    @Test
    void aCopyWhoseBytesDifferIsRefusedAndLeftAlone() throws IOException {
        Path library = kept(LIBRARY, me).usable();
        byte[] tampered = LIBRARY.clone();
        tampered[3] ^= 1;
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rwx------"));
        Files.write(library, tampered);

        assertNull(kept(LIBRARY, me).usable());
        assertArrayEquals(tampered, Files.readAllBytes(library), "evidence stays where it is");

        Files.write(library, new byte[] {1}, StandardOpenOption.APPEND);
        assertNull(kept(LIBRARY, me).usable(), "same prefix, one byte longer");
    }

    @Test
    void aCopyOwnedBySomeoneElseIsRefused() throws IOException {
        kept(LIBRARY, me).usable();
        UserPrincipal someoneElse = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(me.getName().equals("nobody") ? "root" : "nobody");
        assertNotEquals(me, someoneElse);

        assertNull(kept(LIBRARY, someoneElse).usable(), "as seen by another user, these files are foreign");
    }

    @Test
    void aCopyOthersMayWriteIsRefused() throws IOException {
        Path library = kept(LIBRARY, me).usable();
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("r-x-w----"));
        assertNull(kept(LIBRARY, me).usable(), "group-writable file");

        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("r-x------"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx---rwx"));
        assertNull(kept(LIBRARY, me).usable(), "world-writable folder");
    }

    @Test
    void linksAreRefused() throws IOException {
        Path elsewhere = temp.resolve("elsewhere");
        Files.createDirectory(elsewhere, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path real = elsewhere.resolve(NAME);
        Files.write(real, LIBRARY);
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(folder.resolve(NAME), real);
        assertNull(kept(LIBRARY, me).usable(), "the file is a link");

        Files.delete(folder.resolve(NAME));
        Files.delete(folder);
        Files.createSymbolicLink(folder, elsewhere);
        assertNull(kept(LIBRARY, me).usable(), "the folder is a link");
    }

    @Test
    void aFolderThisProcessMayNotWriteMeansNoCopy() throws IOException {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root writes anyway");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r-x------"));
        try {
            assertNull(kept(LIBRARY, me).usable());
        } finally {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx------"));
        }
    }

    // ------------------------------------------------------------------ fresh JVMs

    private static List<String> loaded(String output) {
        return output.lines().filter(line -> line.startsWith(NativeLibraryWorker.LOADED))
                .map(line -> line.substring(NativeLibraryWorker.LOADED.length())).toList();
    }

    private Path keptLibrary(Path parent) throws IOException {
        try (Stream<Path> files = Files.list(parent.resolve(KeptNativeLibrary.FOLDER))) {
            List<Path> all = files.filter(file -> !file.toString().endsWith(".seal")).toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    @Test
    void thePlatformIsTheOneSqliteJdbcPicks() {
        assertEquals(OSInfo.getNativeLibFolderPathForCurrentOS(), KeptNativeLibrary.platform());
    }

    @Test
    void freshJvmsLoadTheKeptCopyNextToTheCache() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")));
        Path cache = temp.resolve("cache");

        String firstOutput = ChildJvm.start(temp, NativeLibraryWorker.class, cache.toString())
                .awaitSuccess(60, TimeUnit.SECONDS);
        List<String> first = loaded(firstOutput);
        Path library = keptLibrary(temp);
        List<String> second = loaded(ChildJvm.start(temp, NativeLibraryWorker.class, cache.toString())
                .awaitSuccess(60, TimeUnit.SECONDS));

        try (Stream<Path> files = Files.list(temp.resolve(KeptNativeLibrary.FOLDER))) {
            assertEquals(1, files.filter(file -> file.toString().endsWith(".seal")).count(),
                    "the first JVM leaves a seal for the copy it compared");
        }
        assertEquals(List.of(library.toString()), first, "the first JVM keeps its copy and loads it");
        assertEquals(List.of(library.toString()), second, "the next JVM loads it without extracting");
        assertTrue(firstOutput.contains(NativeLibraryWorker.PROPERTY + "null"),
                "the JVM-wide property is taken back once the library is loaded: " + firstOutput);
    }

    @Test
    void loadingTheKeptCopyLeavesLibrariesOtherJvmsExtractedAlone() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")));
        Path cache = temp.resolve("cache");
        Path temporary = Files.createDirectory(temp.resolve("tmp"));
        // What sqlite-jdbc's start-up sweep deletes: a library another JVM extracted and no longer locks.
        Path extracted = temporary.resolve("sqlite-" + SQLiteJDBCLoader.getVersion() + "-another-jvm-libsqlitejdbc.so");
        Files.write(extracted, LIBRARY);
        String inTemporary = "-Djava.io.tmpdir=" + temporary;

        String output = ChildJvm.start(temp, List.of(inTemporary), NativeLibraryWorker.class, cache.toString())
                .awaitSuccess(60, TimeUnit.SECONDS);
        assertEquals(List.of(keptLibrary(temp).toString()), loaded(output));
        assertTrue(Files.exists(extracted), "a JVM using the kept copy sweeps only the kept folder");
        assertTrue(output.contains(NativeLibraryWorker.TEMPORARY_FOLDER + "null"),
                "sqlite-jdbc's temporary folder is given back once the library is loaded: " + output);

        // The same JVM without the kept copy sweeps that file away: it is one the sweep takes.
        ChildJvm.start(temp, List.of(inTemporary, "-D" + KeptNativeLibrary.SWITCH + "=false"), NativeLibraryWorker.class,
                cache.toString()).awaitSuccess(60, TimeUnit.SECONDS);
        assertTrue(Files.notExists(extracted));
    }

    @Test
    void aFreshJvmNeverLoadsATamperedCopyAndStillWorks() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")));
        Path cache = temp.resolve("cache");
        ChildJvm.start(temp, NativeLibraryWorker.class, cache.toString()).awaitSuccess(60, TimeUnit.SECONDS);
        Path library = keptLibrary(temp);
        // Still a loadable library, so only the check (not dlopen) can keep it out.
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rwx------"));
        Files.write(library, new byte[] {0}, StandardOpenOption.APPEND);

        List<String> loaded = loaded(ChildJvm.start(temp, NativeLibraryWorker.class, cache.toString())
                .awaitSuccess(60, TimeUnit.SECONDS));

        assertEquals(1, loaded.size(), loaded.toString());
        assertNotEquals(library.toString(), loaded.get(0));
        assertTrue(!loaded.get(0).contains(KeptNativeLibrary.FOLDER), "sqlite-jdbc extracted its own copy: " + loaded);
    }

    @Test
    void aJvmThatChoseItsOwnLibraryOrTurnedTheCopyOffIsLeftAlone() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")));
        Path cache = temp.resolve("cache");
        List<String> loaded = loaded(ChildJvm.start(temp, List.of("-D" + KeptNativeLibrary.SWITCH + "=false"),
                NativeLibraryWorker.class, cache.toString()).awaitSuccess(60, TimeUnit.SECONDS));

        assertTrue(Files.notExists(temp.resolve(KeptNativeLibrary.FOLDER)));
        assertEquals(1, loaded.size(), loaded.toString());
    }
}
