package io.github.jdiskcache.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes the first open of a database across threads and processes. Python's diskcache
 * creates its schema and settings from every opener at once and fails with "database is locked"
 * under concurrent first opens; holding an OS file lock around that work removes the race.
 * A file lock is per process, so threads of this JVM queue on an in-process lock first.
 */
final class InitLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private InitLock() {
    }

    static <T> T holding(Path lockFile, Supplier<T> work) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), path -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return work.get();
        } catch (IOException e) {
            throw new StoreException("cannot lock " + lockFile + " to initialize the cache: " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }
}
