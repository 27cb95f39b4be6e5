package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seal lets a JVM load the kept native library without comparing its bytes again, and only
 * while neither the library nor the jar changed since a JVM compared them.
 */
class KeptLibrarySealTest {
    private static final byte[] LIBRARY = "the library's bytes".getBytes(StandardCharsets.UTF_8);
    private static final String NAME = "libtest.so";

    @TempDir
    Path temp;

    private Path folder;
    private Path jar;
    private PrivateFiles mine;

    @BeforeEach
    void posixOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("unix"));
        folder = temp.resolve(KeptNativeLibrary.FOLDER);
        jar = Files.writeString(temp.resolve("sqlite-jdbc.jar"), "a jar");
        mine = new PrivateFiles(me());
    }

    private static UserPrincipal me() throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    }

    private KeptLibrarySeal seal() throws IOException {
        return new KeptLibrarySeal(folder.resolve("test.seal"), jar, mine);
    }

    /** Writes (when absent) and compares the kept copy as a JVM without a valid seal does. */
    private Path compared(byte[] original) throws IOException {
        return new KeptNativeLibrary(folder, NAME, () -> new ByteArrayInputStream(original), mine, seal()).usable();
    }

    @Test
    void aComparedCopyIsVouchedForWithoutReadingItAgain() throws IOException {
        assertNull(seal().vouchedLibrary(), "no seal before any comparison");

        Path library = compared(LIBRARY);

        assertEquals(library, seal().vouchedLibrary());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("test.seal"))));
    }

    @Test
    void aCopyChangedInPlaceWithItsSizeAndModificationTimeKeptIsNoLongerVouchedFor() throws IOException {
        Path library = compared(LIBRARY);
        FileTime modified = Files.getLastModifiedTime(library);
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rwx------"));
        try (RandomAccessFile file = new RandomAccessFile(library.toFile(), "rw")) {
            file.seek(3);
            file.write(LIBRARY[3] ^ 1);
        }
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("r-x------"));
        Files.setLastModifiedTime(library, modified);
        assertEquals(LIBRARY.length, Files.size(library));

        assertNull(seal().vouchedLibrary(), "its change time moved on");
        assertNull(compared(LIBRARY), "and the comparison refuses it");
        assertNull(seal().vouchedLibrary(), "a refused copy is never sealed");
    }

    @Test
    void aCopyReplacedByAnotherFileIsNoLongerVouchedFor() throws IOException {
        Path library = compared(LIBRARY);
        Path other = Files.write(folder.resolve("other"), LIBRARY);
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("r-x------"));
        Files.move(other, library, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertNull(seal().vouchedLibrary());
    }

    @Test
    void aChangedJarVoidsTheSeal() throws IOException {
        compared(LIBRARY);
        Files.writeString(jar, "another version", StandardOpenOption.APPEND);

        assertNull(seal().vouchedLibrary());
        assertEquals(folder.resolve(NAME), compared(LIBRARY), "compared again, the copy is still good");
        assertEquals(folder.resolve(NAME), seal().vouchedLibrary(), "and sealed for the jar as it is now");
    }

    @Test
    void aSealForAnotherJarVouchesForNothing() throws IOException {
        compared(LIBRARY);
        Path otherJar = Files.writeString(temp.resolve("other.jar"), "a jar");

        assertNull(new KeptLibrarySeal(folder.resolve("test.seal"), otherJar, mine).vouchedLibrary());
    }

    @Test
    void aSealOthersMayWriteOrOwnIsIgnored() throws IOException {
        compared(LIBRARY);
        Path sealFile = folder.resolve("test.seal");
        Files.setPosixFilePermissions(sealFile, PosixFilePermissions.fromString("rw--w----"));
        assertNull(seal().vouchedLibrary(), "group-writable seal");

        Files.setPosixFilePermissions(sealFile, PosixFilePermissions.fromString("rw-------"));
        UserPrincipal someoneElse = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(me().getName().equals("nobody") ? "root" : "nobody");
        assertNotEquals(me(), someoneElse);
        assertNull(new KeptLibrarySeal(sealFile, jar, new PrivateFiles(someoneElse)).vouchedLibrary(),
                "as seen by another user, the seal is foreign");
    }

    @Test
    void aSealNamingAFileOutsideItsFolderVouchesForNothing() throws IOException {
        Path library = compared(LIBRARY);
        Path sealFile = folder.resolve("test.seal");
        String[] lines = Files.readString(sealFile).split("\n");
        Path outside = Files.copy(library, temp.resolve(NAME));
        lines[2] = "../" + NAME;
        lines[3] = KeptLibrarySeal.identity(outside);
        Files.writeString(sealFile, String.join("\n", lines) + "\n");

        assertNull(seal().vouchedLibrary());
        assertTrue(Files.exists(outside));
    }
}
