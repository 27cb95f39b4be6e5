package io.github.jdiskcache.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/**
 * A copy of sqlite-jdbc's native library kept in a folder next to the caches, which sqlite-jdbc
 * loads (told through its {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name}) before the
 * JVM's first connection. Without it every fresh JVM extracts the library (about 1 MB) into the temporary folder
 * and compares it byte by byte through a buffered stream: a large part of the CPU time of a cold open.
 *
 * <p>A native library runs with the process's rights, so the copy is used only when its folder and
 * file are owned by this user, writable by nobody else, not symbolic links, and its bytes equal
 * those inside the sqlite-jdbc jar this JVM loads sqlite-jdbc's classes from: compared byte by
 * byte, or vouched for by the {@link KeptLibrarySeal} a JVM that compared them left, while neither
 * file changed since. Anything else is refused, left where it is, and sqlite-jdbc extracts its own
 * copy as usual. A JVM that set the two properties itself, or
 * {@code -Djdiskcache.keep_native_library=false}, is left alone.
 */
final class KeptNativeLibrary {
    /** The folder, created in the parent of the first cache directory a JVM opens. */
    static final String FOLDER = ".jdiskcache-native";
    /** System property; {@code false} turns the kept copy off. */
    static final String SWITCH = "jdiskcache.keep_native_library";
    static final String LIB_PATH = "org.sqlite.lib.path";
    static final String LIB_NAME = "org.sqlite.lib.name";
    /** Where sqlite-jdbc extracts its library and sweeps for old ones; java.io.tmpdir when unset. */
    static final String TEMPORARY_FOLDER = "org.sqlite.tmpdir";

    private static final AtomicBoolean DECIDED = new AtomicBoolean();
    private static final int CHUNK = 64 * 1024;

    /** The library's bytes as sqlite-jdbc ships them, read afresh on every call. */
    interface Original {
        InputStream open() throws IOException;
    }

    private final Path folder;
    private final String fileName;
    private final Original original;
    private final PrivateFiles privateFiles;
    private final KeptLibrarySeal seal;

    /** {@code seal}: where to record a successful comparison of the bytes; null records none. */
    KeptNativeLibrary(Path folder, String fileName, Original original, PrivateFiles privateFiles, KeptLibrarySeal seal) {
        this.folder = folder;
        this.fileName = fileName;
        this.original = original;
        this.privateFiles = privateFiles;
        this.seal = seal;
    }

    /**
     * Points sqlite-jdbc at the kept copy in {@code parent}/{@value #FOLDER}, creating it when
     * absent. Only the first call in a JVM does anything: sqlite-jdbc loads its library once.
     */
    static void useFrom(Path parent) {
        if (parent == null || !DECIDED.compareAndSet(false, true) || "false".equals(System.getProperty(SWITCH))
                || System.getProperty(LIB_PATH) != null || System.getProperty(LIB_NAME) != null
                || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            String platform = platform();
            String libraryName = LibraryLoaderUtil.getNativeLibName();
            String resource = "org/sqlite/native/" + platform + "/" + libraryName;
            Path location = sqliteJdbcLocation();
            Path library = null;
            if (location != null && Files.isDirectory(location)) {
                Path file = location.resolve(resource);
                if (Files.isRegularFile(file)) {
                    CRC32 crc = new CRC32();
                    crc.update(Files.readAllBytes(file));
                    library = new KeptNativeLibrary(parent.resolve(FOLDER), keptName(platform, libraryName, crc.getValue()),
                            () -> Files.newInputStream(file), new PrivateFiles(currentUser()), null).usable();
                }
            } else if (location != null) {
                PrivateFiles privateFiles = new PrivateFiles(currentUser());
                Path folder = parent.resolve(FOLDER);
                KeptLibrarySeal seal = seal(folder.resolve(sealName(platform, libraryName, location)), location, privateFiles);
                library = seal == null ? null : seal.vouchedLibrary();
                if (library == null) {
                    // ZipFile directly: the class loader's URL route costs a fresh JVM more than the reading.
                    try (ZipFile jar = new ZipFile(location.toFile())) {
                        ZipEntry entry = jar.getEntry(resource);
                        if (entry != null) {
                            library = new KeptNativeLibrary(folder, keptName(platform, libraryName, entry.getCrc()),
                                    () -> jar.getInputStream(entry), privateFiles, seal).usable();
                        }
                    }
                }
            }
            if (library != null) {
                loadNow(library);
            }
        } catch (IOException | RuntimeException e) {
            log(System.Logger.Level.DEBUG, "no kept native library in " + parent + "; sqlite-jdbc extracts its own", e);
        }
    }

    /**
     * sqlite-jdbc's folder of native libraries for this machine, e.g. {@code Linux/x86_64}. Its own
     * detection runs {@code uname -o} in a child process on every Linux (to tell Termux apart) and
     * resolves the link of every file the process has mapped (to find musl), which costs a cold start
     * tens of milliseconds. A Linux that is no Android (no {@code /system/bin/linker*}) and no 32-bit
     * ARM (whose detection runs a process too), and whose {@code /proc/self/maps} names no musl, gets
     * sqlite-jdbc's answer for it, {@code Linux/<arch>}, without either. Every other machine asks
     * sqlite-jdbc. A wrong answer costs time, never safety: the kept copy must equal that folder's
     * library in the jar, and a library the dynamic loader cannot link is refused, after which
     * sqlite-jdbc extracts its own.
     */
    static String platform() {
        if (System.getProperty("os.name", "").startsWith("Linux")
                && !System.getProperty("os.arch", "").startsWith("arm") && !OSInfo.isAndroidRuntime()
                && !Files.exists(Path.of("/system/bin/linker")) && !Files.exists(Path.of("/system/bin/linker64"))) {
            try {
                // The mapped files' names in one read, where sqlite-jdbc resolves one link per mapping.
                if (!Files.readString(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1)
                        .toLowerCase(Locale.ROOT).contains("musl")) {
                    return "Linux/" + OSInfo.getArchName();
                }
            } catch (IOException e) {
                // No /proc: sqlite-jdbc's own detection decides.
            }
        }
        return OSInfo.getNativeLibFolderPathForCurrentOS();
    }

    /**
     * Has sqlite-jdbc load {@code library} now rather than at the first connection, so that its two
     * JVM-wide properties can be taken back at once: another sqlite-jdbc (another version, in another
     * class loader) must not be pointed at this one's library. On failure sqlite-jdbc extracts its
     * own copy at the first connection, as without this class.
     */
    private static void loadNow(Path library) {
        System.setProperty(LIB_PATH, library.getParent().toString());
        System.setProperty(LIB_NAME, library.getFileName().toString());
        // sqlite-jdbc's load begins by listing its temporary folder (/tmp unless the JVM says otherwise)
        // to delete the libraries other JVMs extracted and no longer lock: 10-16 ms of a cold start here,
        // for files this JVM did not make and does not need. Pointed at the kept copy's own folder, it
        // sweeps that one instead and leaves /tmp to the JVMs that extract there. (Should the copy fail
        // to load, sqlite-jdbc extracts its own into that folder, which only this user may write.) A
        // folder the JVM chose itself is left as it is.
        boolean sweepKeptFolder = System.getProperty(TEMPORARY_FOLDER) == null;
        if (sweepKeptFolder) {
            System.setProperty(TEMPORARY_FOLDER, library.getParent().toString());
        }
        try {
            SQLiteJDBCLoader.initialize();
        } catch (Exception e) {
            log(System.Logger.Level.DEBUG, "sqlite-jdbc did not load " + library, e);
        } finally {
            System.clearProperty(LIB_PATH);
            System.clearProperty(LIB_NAME);
            if (sweepKeptFolder) {
                System.clearProperty(TEMPORARY_FOLDER);
            }
        }
    }

    /** The jar (or class folder) sqlite-jdbc's classes come from, null when it is no local file. */
    private static Path sqliteJdbcLocation() {
        CodeSource source = SQLiteJDBCLoader.class.getProtectionDomain().getCodeSource();
        if (source == null || !"file".equals(source.getLocation().getProtocol())) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * The kept copy's name: the platform and the contents' CRC-32, so that JVMs with other sqlite-jdbc
     * versions keep their own copies (the name only tells them apart; the bytes decide).
     */
    private static String keptName(String platform, String libraryName, long crc) {
        return platform.replace('/', '-') + "-" + Long.toHexString(crc) + "-" + libraryName;
    }

    /** One seal per jar path, so that applications with different sqlite-jdbc jars do not undo each other's. */
    private static String sealName(String platform, String libraryName, Path jar) {
        String jarPath = jar.toAbsolutePath().toString();
        return platform.replace('/', '-') + "-" + libraryName + "-" + Integer.toHexString(jarPath.hashCode()) + ".seal";
    }

    /** Null where files tell no inode and change time (no "unix" attribute view): the bytes are then always compared. */
    private static KeptLibrarySeal seal(Path file, Path jar, PrivateFiles privateFiles) throws IOException {
        try {
            return new KeptLibrarySeal(file, jar, privateFiles);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static UserPrincipal currentUser() throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    }

    /** The verified copy, written first when there is none; null when there is one that fails a check. */
    Path usable() throws IOException {
        Path library = folder.resolve(fileName);
        if (!Files.exists(library, LinkOption.NOFOLLOW_LINKS)) {
            try {
                write(library);
            } catch (IOException e) {
                // A folder this process may not write (read-only caches): extraction as usual.
                log(System.Logger.Level.DEBUG, "cannot keep sqlite-jdbc's native library in " + folder, e);
                return null;
            }
        }
        return verified(library) ? library : null;
    }

    private void write(Path library) throws IOException {
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // Checked with the file before anything is loaded from it.
        }
        if (!privateFiles.isPrivateFolder(folder)) {
            throw new IOException(folder + " is not a folder only this user may write");
        }
        Path temporary = Files.createTempFile(folder, fileName, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (InputStream in = original.open()) {
                Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("r-x------"));
            // Whole or absent for every other JVM; two writing at once write the same bytes.
            Files.move(temporary, library, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private boolean verified(Path library) throws IOException {
        if (!privateFiles.isPrivateFolder(folder) || !privateFiles.isPrivateFile(library)) {
            return false;
        }
        String identity = seal == null ? null : KeptLibrarySeal.identity(library);
        if (!sameBytes(library)) {
            log(System.Logger.Level.WARNING, "refusing " + library + ": its bytes differ from sqlite-jdbc's library;"
                    + " it was left in place and not loaded", null);
            return false;
        }
        if (seal != null) {
            try {
                seal.record(library, identity);
            } catch (IOException e) {
                log(System.Logger.Level.DEBUG, "no seal for " + library + "; the next JVM compares its bytes again", e);
            }
        }
        return true;
    }

    /** Compared in chunks as both are read: no megabyte to allocate and fault in on every start. */
    private boolean sameBytes(Path library) throws IOException {
        byte[] kept = new byte[CHUNK];
        byte[] shipped = new byte[CHUNK];
        try (InputStream keptIn = Files.newInputStream(library, LinkOption.NOFOLLOW_LINKS);
             InputStream shippedIn = original.open()) {
            while (true) {
                int read = keptIn.readNBytes(kept, 0, CHUNK);
                if (shippedIn.readNBytes(shipped, 0, CHUNK) != read || !Arrays.equals(kept, 0, read, shipped, 0, read)) {
                    return false;
                }
                if (read < CHUNK) {
                    return true;
                }
            }
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The logger is looked up only when there is something to say: its set-up is a cost on every cold start. */
    private static void log(System.Logger.Level level, String message, Throwable cause) {
        System.getLogger(KeptNativeLibrary.class.getName()).log(level, message, cause);
    }
}
