package io.github.jdiskcache.testing;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child-JVM entry point: holds an OS lock on a file, as another process opening the same cache
 * does, until told to let go. Args: the file to lock, a file it creates once it holds the lock,
 * and a file whose appearance makes it release the lock and exit.
 */
public final class FileLockWorker {
    public static void main(String[] args) throws Exception {
        Path locked = Path.of(args[0]);
        Path holding = Path.of(args[1]);
        Path release = Path.of(args[2]);
        try (FileChannel channel = FileChannel.open(locked, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Files.createFile(holding);
            while (!Files.exists(release)) {
                Thread.sleep(1);
            }
        }
    }
}
