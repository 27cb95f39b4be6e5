package io.github.jdiskcache.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes the first open of a database (or any other check-then-write on a cache folder, such as
 * keeping a cache's configuration) across threads and processes. Python's diskcache
 * creates its schema and settings from every opener at once and fails with "database is locked"
 * under concurrent first opens; holding an OS file lock around that work removes the race.
 * A file lock is per process, so threads of this JVM queue on an in-process lock first.
 *
 * <p>The file lock is polled with {@code tryLock}: a blocking POSIX lock is refused with EDEADLK when
 * two multi-threaded processes each hold one shard's lock and wait for the other's, although
 * different threads hold them and no real deadlock exists.
 */
public final class InitLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(60);

    private InitLock() {
    }

    /** Runs {@code work} holding {@code lockFile}'s in-process lock and its OS file lock. */
    public static <T> T holding(Path lockFile, FilePermissions permissions, Supplier<T> work) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), path -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = permissions.openForLocking(lockFile);
             FileLock ignored = lock(channel, lockFile)) {
            return work.get();
        } catch (IOException e) {
            throw new StoreException("cannot lock " + lockFile + " to initialize the cache: " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    private static FileLock lock(FileChannel channel, Path lockFile) throws IOException {
        long started = System.nanoTime();
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() - started > GIVE_UP_NANOS) {
                throw new LockTimeoutException("another process has held " + lockFile + " for over 60 s");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for " + lockFile, e);
            }
        }
    }
}
