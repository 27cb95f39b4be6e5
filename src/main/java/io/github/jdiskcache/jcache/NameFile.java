package io.github.jdiskcache.jcache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import javax.cache.CacheException;

import io.github.jdiskcache.store.FilePermissions;

/**
 * The full name of a cache whose folder name is bounded ({@link CacheDirectoryNames#folderName}),
 * kept in {@code jcache-name.txt} (UTF-8) inside the folder, so the folder can be listed under its
 * real name again.
 */
final class NameFile {
    static final String FILE = "jcache-name.txt";

    private NameFile() {
    }

    /** The cache name a folder of a manager's directory stands for, or null when it stands for none. */
    static String nameOf(Path folder) {
        String folderName = folder.getFileName().toString();
        if (!CacheDirectoryNames.isBounded(folderName)) {
            return CacheDirectoryNames.decode(folderName);
        }
        try {
            String recorded = Files.readString(folder.resolve(FILE), StandardCharsets.UTF_8);
            return CacheDirectoryNames.folderName(recorded).equals(folderName) ? recorded : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CacheException("cannot read the cache name in " + folder.resolve(FILE) + ": " + e, e);
        }
    }

    /** Records {@code name} in its bounded folder before anything else goes there; nothing to do for other folders. */
    static void record(Path folder, String name, FilePermissions permissions) {
        if (!CacheDirectoryNames.isBounded(folder.getFileName().toString())) {
            return;
        }
        String recorded = nameOf(folder);
        if (recorded != null) {
            if (!recorded.equals(name)) {
                throw new CacheException("folder " + folder + " already holds cache " + recorded
                        + ", whose name shares its prefix and hash with " + name);
            }
            return;
        }
        try {
            permissions.replaceAtomically(folder.resolve(FILE), name.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CacheException("cannot record the cache name in " + folder.resolve(FILE) + ": " + e, e);
        }
    }
}
