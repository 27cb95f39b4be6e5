package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.LogRecords;

class NetworkFileSystemsTest {
    @TempDir
    Path folder;

    /** Counts the lookups and answers with one type, standing in for a mount of that type. */
    private static final class Mounted implements Function<Path, Optional<String>> {
        final List<Path> looked = new ArrayList<>();
        private final String type;

        Mounted(String type) {
            this.type = type;
        }

        @Override
        public Optional<String> apply(Path path) {
            looked.add(path);
            return Optional.of(type);
        }
    }

    @Test
    void networkTypesAreTheOnesWhoseLocksOrSharedMemoryDoNotHold() {
        for (String type : List.of("nfs", "nfs4", "NFS4", "cifs", "smb3", "9p", "ceph", "fuse.sshfs", "fuse.s3fs")) {
            assertTrue(NetworkFileSystems.isNetwork(type), type);
        }
        for (String type : List.of("ext4", "xfs", "btrfs", "zfs", "tmpfs", "overlay", "fuse.fuse-overlayfs", "apfs")) {
            assertFalse(NetworkFileSystems.isNetwork(type), type);
        }
    }

    @Test
    void aDirectoryOnANetworkFileSystemGetsOneWarningPerJvmNamingItAndTheType() {
        Path cache = folder.resolve("cache");
        Mounted nfs = new Mounted("nfs4");
        List<String> warnings;
        try (LogRecords log = LogRecords.of(NetworkFileSystems.class)) {
            NetworkFileSystems.warnIfNetwork(cache, nfs);
            NetworkFileSystems.warnIfNetwork(cache, nfs);
            NetworkFileSystems.warnIfNetwork(cache.resolve("000"), nfs);
            warnings = log.warnings();
        }
        assertEquals(List.of(cache.toAbsolutePath()), nfs.looked, "one look, and none for a folder inside it");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(cache.toAbsolutePath().toString()), warnings.get(0));
        assertTrue(warnings.get(0).contains("nfs4"), warnings.get(0));
    }

    @Test
    void aLocalFileSystemGetsNoWarning() {
        Mounted ext4 = new Mounted("ext4");
        try (LogRecords log = LogRecords.of(NetworkFileSystems.class)) {
            NetworkFileSystems.warnIfNetwork(folder.resolve("local"), ext4);
            assertEquals(List.of(), log.warnings());
        }
        assertEquals(1, ext4.looked.size());
    }

    @Test
    void theTypeIsTheFileStoresAndUnknownForAMissingFolder() throws IOException {
        assertEquals(Optional.of(Files.getFileStore(folder).type()), NetworkFileSystems.typeOf(folder));
        assertEquals(Optional.empty(), NetworkFileSystems.typeOf(folder.resolve("missing")));
    }

    @Test
    void openingAFanoutCacheOrAShardLooksAtItsDirectory() {
        Path cache = folder.resolve("fanout");
        Path shard = folder.resolve("shard");
        FanoutCache.open(cache).close();
        Shard.open(shard).close();
        Mounted after = new Mounted("nfs");
        NetworkFileSystems.warnIfNetwork(cache, after);
        NetworkFileSystems.warnIfNetwork(shard, after);
        assertEquals(List.of(), after.looked, "the opens looked already");
    }

    @Test
    void anImmutableOpenDoesNotLookSinceItTakesNoLocks() {
        Path cache = folder.resolve("immutable");
        FanoutCache.open(cache).close();
        Path copy = folder.resolve("copy");
        copyTree(cache, copy);
        FanoutCache.open(copy, null, Settings.none(), StoreOptions.defaults().withAccess(AccessMode.IMMUTABLE)).close();
        Mounted after = new Mounted("nfs");
        NetworkFileSystems.warnIfNetwork(copy, after);
        assertEquals(List.of(copy.toAbsolutePath()), after.looked);
    }

    private static void copyTree(Path from, Path to) {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
