package io.github.jdiskcache.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An OS file lock held by another process (a child JVM running {@link FileLockWorker}), as a
 * second JVM opening the same cache holds it, until the test lets go. Handshakes are files.
 */
public final class FileLockedByChild implements AutoCloseable {
    private static final long BOUND_SECONDS = 30;

    private final ChildJvm child;
    private final Path release;

    private FileLockedByChild(ChildJvm child, Path release) {
        this.child = child;
        this.release = release;
    }

    /** Returns once the child holds the lock on {@code lockFile}; {@code work} holds the handshake files. */
    public static FileLockedByChild lock(Path work, Path lockFile) throws Exception {
        Path holding = Files.createTempFile(work, "holding", ".flag");
        Files.delete(holding);
        Path release = Files.createTempFile(work, "release", ".flag");
        Files.delete(release);
        ChildJvm child = ChildJvm.start(work, FileLockWorker.class, lockFile.toString(), holding.toString(),
                release.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!Files.exists(holding)) {
            if (System.nanoTime() > deadline || !child.process().isAlive()) {
                throw new AssertionError("the child did not take the lock:\n" + child.output());
            }
            Threads.pause();
        }
        return new FileLockedByChild(child, release);
    }

    public void release() throws Exception {
        if (!Files.exists(release)) {
            Files.createFile(release);
        }
    }

    @Override
    public void close() throws Exception {
        release();
        child.awaitSuccess(BOUND_SECONDS, TimeUnit.SECONDS);
    }
}
