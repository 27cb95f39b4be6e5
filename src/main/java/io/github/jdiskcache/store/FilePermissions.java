package io.github.jdiskcache.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Permissions of the folders and files the store creates: by default readable only by their owner
 * ({@code rw-------}, folders {@code rwx------}), because whoever can write a cache's files controls
 * what its readers deserialize. Folders get {@code x} wherever the files get {@code r}. Existing
 * files and folders are left as they are. Ignored on file systems without POSIX permissions.
 */
public final class FilePermissions {
    public static final String OWNER_ONLY = "rw-------";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final String text;
    private final Set<PosixFilePermission> files;
    private final Set<PosixFilePermission> directories;

    private FilePermissions(String text) {
        this.text = text;
        try {
            this.files = PosixFilePermissions.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("file permissions must look like rw-r-----, got '" + text + "'", e);
        }
        this.directories = EnumSet.noneOf(PosixFilePermission.class);
        directories.addAll(files);
        addSearchWhereReadable(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE);
        addSearchWhereReadable(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE);
        addSearchWhereReadable(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
    }

    private void addSearchWhereReadable(PosixFilePermission read, PosixFilePermission execute) {
        if (files.contains(read)) {
            directories.add(execute);
        }
    }

    /** Parses {@code ls}-style permissions such as {@code rw-rw----}. */
    public static FilePermissions of(String permissions) {
        return new FilePermissions(permissions);
    }

    public static FilePermissions ownerOnly() {
        return new FilePermissions(OWNER_ONLY);
    }

    /**
     * Creates the folder and missing parents. Each folder created gets exactly these permissions:
     * they are set after creation, because the umask would otherwise drop bits such as group write.
     */
    public Path createDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (!POSIX) {
            return Files.createDirectories(absolute);
        }
        List<Path> missing = new ArrayList<>();
        for (Path path = absolute; path != null && !Files.exists(path); path = path.getParent()) {
            missing.add(path);
        }
        Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(directories));
        for (Path created : missing) {
            try {
                Files.setPosixFilePermissions(created, directories);
            } catch (NoSuchFileException removedConcurrently) {
                // An empty value-file folder may be pruned by a concurrent delete; the caller retries.
            }
        }
        return absolute;
    }

    /**
     * Creates one folder, whose parent exists, with exactly these permissions; false when it exists
     * already. Atomic: of several processes creating it at once, exactly one gets true.
     */
    public boolean createDirectory(Path directory) throws IOException {
        try {
            if (!POSIX) {
                Files.createDirectory(directory);
                return true;
            }
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(directories));
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        Files.setPosixFilePermissions(directory, directories);
        return true;
    }

    /** Creates a new, empty file (fails if it exists) with exactly these permissions. */
    public Path createFile(Path file) throws IOException {
        if (!POSIX) {
            return Files.createFile(file);
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(files));
        Files.setPosixFilePermissions(file, files);
        return file;
    }

    /** Opens (creating with these permissions if needed) a file for locking. */
    public FileChannel openForLocking(Path file) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (!POSIX) {
            return FileChannel.open(file, options);
        }
        boolean existed = Files.exists(file);
        FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(files);
        FileChannel channel = FileChannel.open(file, options, attribute);
        if (!existed) {
            Files.setPosixFilePermissions(file, files);
        }
        return channel;
    }

    /**
     * Replaces {@code file} with {@code bytes} whole: written to a temporary file beside it with these
     * permissions, then renamed over it, so a reader sees the old content or the new, never a part.
     * The temporary file does not outlive a failure.
     */
    public void replaceAtomically(Path file, byte[] bytes) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            apply(temporary);
            Files.write(temporary, bytes);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Applies these permissions to a file this store just created under another API (e.g. a temp file). */
    public void apply(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, files);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FilePermissions that && that.files.equals(files);
    }

    @Override
    public int hashCode() {
        return files.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
