package io.github.jdiskcache.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Tells a cache directory on a network file system apart, and says so when one is opened. SQLite's
 * WAL mode needs POSIX locks that every process honours and a {@code -shm} file that all of them
 * map as one memory; on NFS, SMB and their kin neither holds across hosts (nor always on one host),
 * so a shard can be corrupted or read stale (docs/guarantees.md, "Not guaranteed"). Nothing here
 * makes such a directory safe: the warning is there so that the first sign is not a corruption.
 */
public final class NetworkFileSystems {
    /** Linux's names ({@code /proc/self/mounts}, as {@link java.nio.file.FileStore#type()} gives them). */
    private static final Set<String> NETWORK_TYPES = Set.of(
            "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre",
            "gpfs", "beegfs", "davfs", "fuse.sshfs", "fuse.s3fs", "fuse.gcsfuse", "fuse.rclone",
            "fuse.glusterfs", "fuse.ceph-fuse", "fuse.juicefs", "fuse.goofys", "fuse.mountpoint-s3");

    /**
     * Directories this JVM has looked at already: the look parses the mount table. A directory inside
     * one of them (a cache's shards) is taken to be on the same file system.
     */
    private static final Set<Path> CHECKED = ConcurrentHashMap.newKeySet();

    private NetworkFileSystems() {
    }

    private static System.Logger log() {
        return System.getLogger(NetworkFileSystems.class.getName());
    }

    /** True for the file-system types whose locks or shared memory SQLite cannot rely on. */
    public static boolean isNetwork(String type) {
        String name = type.toLowerCase(Locale.ROOT);
        return NETWORK_TYPES.contains(name) || name.startsWith("nfs");
    }

    /** The type of the file system holding {@code directory}, or empty when the JDK cannot tell. */
    public static Optional<String> typeOf(Path directory) {
        try {
            return Optional.of(Files.getFileStore(directory).type());
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Logs a warning, once per directory and JVM, when {@code directory} is on a network file system. */
    static void warnIfNetwork(Path directory) {
        warnIfNetwork(directory, NetworkFileSystems::typeOf);
    }

    static void warnIfNetwork(Path directory, Function<Path, Optional<String>> typeOf) {
        Path absolute = directory.toAbsolutePath().normalize();
        for (Path enclosing = absolute; enclosing != null; enclosing = enclosing.getParent()) {
            if (CHECKED.contains(enclosing)) {
                return;
            }
        }
        if (!CHECKED.add(absolute)) {
            return;
        }
        Optional<String> type = typeOf.apply(absolute);
        if (type.isPresent() && isNetwork(type.get())) {
            log().log(System.Logger.Level.WARNING, "cache directory " + absolute + " is on a network file system ("
                    + type.get() + "): SQLite's locks and shared memory do not hold there, so processes can corrupt"
                    + " or misread its shards; keep caches on a local disk (docs/guarantees.md)");
        }
    }
}
