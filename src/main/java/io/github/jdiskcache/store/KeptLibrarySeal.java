package io.github.jdiskcache.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The record a JVM leaves after it found the kept native library's bytes equal to those in
 * sqlite-jdbc's jar: which jar and which kept file, each by its identity (device, inode, size,
 * modification and change time). A later JVM that finds both unchanged loads the kept file without
 * opening the jar, inflating a megabyte and comparing it again (~17 ms of a cold start).
 *
 * <p>Why an unchanged identity means unchanged bytes: every write to a file, and every change of
 * its times or permissions, sets its change time (ctime) to the clock's present, and no
 * unprivileged process can set it back; replacing the file by another (a rename) changes the inode.
 * The seal itself lives in the kept folder and is trusted only under the same rule as the library:
 * owned by this user and writable by nobody else.
 */
final class KeptLibrarySeal {
    private final Path file;
    private final Path jar;
    private final String jarIdentity;
    private final PrivateFiles privateFiles;

    /** Reads the jar's identity now: before any of its bytes are compared. */
    KeptLibrarySeal(Path file, Path jar, PrivateFiles privateFiles) throws IOException {
        this.file = file;
        this.jar = jar.toAbsolutePath();
        this.jarIdentity = identity(jar);
        this.privateFiles = privateFiles;
    }

    /**
     * The kept library this seal vouches for, or null when there is no seal, it was left for another
     * jar, or the library, the seal or their folder changed or is not this user's own.
     */
    Path vouchedLibrary() throws IOException {
        List<String> lines;
        try {
            if (!privateFiles.isPrivateFolder(file.getParent()) || !privateFiles.isPrivateFile(file)) {
                return null;
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (lines.size() != 4 || !lines.get(0).equals(jar.toString()) || !lines.get(1).equals(jarIdentity)
                || lines.get(2).isEmpty() || lines.get(2).contains("/")) {
            return null;
        }
        Path library = file.resolveSibling(lines.get(2));
        try {
            return privateFiles.isPrivateFile(library) && identity(library).equals(lines.get(3)) ? library : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Records that {@code library}, as it was at {@code libraryIdentity} (read before its bytes were
     * compared), equals the jar's library. A file changed since has another identity, so the seal
     * never vouches for bytes nobody compared.
     */
    void record(Path library, String libraryIdentity) throws IOException {
        String text = String.join("\n", jar.toString(), jarIdentity, library.getFileName().toString(), libraryIdentity) + "\n";
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Device, inode, size, modification and change time of {@code path} itself (no link followed). */
    static String identity(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,ctime",
                LinkOption.NOFOLLOW_LINKS);
        return attributes.get("dev") + ":" + attributes.get("ino") + ":" + attributes.get("size") + ":"
                + nanos((FileTime) attributes.get("lastModifiedTime")) + ":" + nanos((FileTime) attributes.get("ctime"));
    }

    private static String nanos(FileTime time) {
        Instant instant = time.toInstant();
        return instant.getEpochSecond() + "." + instant.getNano();
    }
}
