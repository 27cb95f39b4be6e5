package io.github.jdiskcache.jcache;

import java.io.IOException;
import java.nio.file.Path;

import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;

import io.github.jdiskcache.jcache.configuration.KeptTypes;
import io.github.jdiskcache.jcache.configuration.PersistedConfiguration;
import io.github.jdiskcache.store.FilePermissions;
import io.github.jdiskcache.store.InitLock;

/**
 * What createCache writes into a cache's folder before its store opens (a long name's record, the
 * kept configuration), and how that is taken back when the cache cannot be made. A folder this
 * call created is removed with all it holds. A folder that existed before (an earlier run's or
 * another process's cache, possibly in use) is left as it is, with its kept configuration restored.
 */
final class CacheFolderSetup {
    private final Path folder;
    private final String name;
    private final FilePermissions permissions;
    private boolean created;
    private PersistedConfiguration previous;

    CacheFolderSetup(Path folder, String name, FilePermissions permissions) {
        this.folder = folder;
        this.name = name;
        this.permissions = permissions;
    }

    /**
     * Creates the folder if missing, records a long name and keeps the configuration. The kept
     * types are checked again under the folder's configuration lock, which every process takes
     * for this: another process may have kept other types since the caller's first check.
     */
    void write(MutableConfiguration<?, ?> configuration, ClassLoader classLoader) {
        try {
            permissions.createDirectories(folder.getParent());
            created = permissions.createDirectory(folder);
        } catch (IOException e) {
            throw new CacheException("cannot create the cache folder " + folder + ": " + e, e);
        }
        InitLock.holding(folder.resolve(PersistedConfiguration.LOCK_FILE), permissions, () -> {
            try {
                KeptTypes.requireSameAs(name, folder, configuration, classLoader);
            } catch (CacheException otherTypes) {
                created = false; // another process's cache lives in it now: never remove it
                throw otherTypes;
            }
            NameFile.record(folder, name, permissions);
            previous = PersistedConfiguration.snapshot(folder);
            PersistedConfiguration.write(folder, configuration, permissions);
            return null;
        });
    }

    /** Takes back whatever {@link #write} did before the cache failed; a failure to do so is added to {@code failure}. */
    void undoAfter(Throwable failure) {
        try {
            if (created) {
                DiskCacheManager.deleteRecursively(folder);
            } else if (previous != null) {
                previous.restore();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
