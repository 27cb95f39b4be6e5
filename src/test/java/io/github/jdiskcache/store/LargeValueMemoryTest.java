package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.management.ThreadMXBean;

/** A large serializable value goes straight to its file: it is never held in memory a second time. */
class LargeValueMemoryTest {
    private static final int LONGS = 3_000_000;
    private static final long VALUE_BYTES = LONGS * 8L;

    @TempDir
    Path directory;

    private Shard shard;

    /** Writes part of itself, then fails as a writer out of memory would. */
    static final class FailingHalfway implements Serializable {
        private final long[] payload = new long[100_000];

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            throw new OutOfMemoryError("simulated while writing");
        }
    }

    @BeforeEach
    void open() {
        shard = Shard.open(directory, Settings.none(), StoreOptions.defaults());
    }

    @AfterEach
    void close() {
        shard.close();
    }

    @Test
    void aLargeSerializableValueIsSerializedStraightToItsFile() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long[] value = new long[LONGS];
        for (int i = 0; i < LONGS; i++) {
            value[i] = i * 31L;
        }
        shard.set("warm-up", new long[100_000]);

        long before = threads.getCurrentThreadAllocatedBytes();
        shard.set("big", value);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < VALUE_BYTES / 4, "a put of a " + VALUE_BYTES + "-byte value allocated " + allocated
                + " bytes: its serialized form was built in memory");
        assertArrayEquals(value, (long[]) shard.get("big"));
    }

    @Test
    void runningOutOfMemoryWhileSerializingIsReportedAsSuchAndLeavesNoFile() throws IOException {
        StoreException failure = assertThrows(StoreException.class, () -> shard.set("k", new FailingHalfway()));
        assertTrue(failure.getCause() instanceof OutOfMemoryError, String.valueOf(failure.getCause()));
        assertTrue(failure.getMessage().contains("out of memory"), failure.getMessage());
        assertEquals(0, shard.size());
        try (Stream<Path> files = Files.walk(directory)) {
            assertEquals(0, files.filter(path -> path.toString().endsWith(".val")).count(), "no half-written value file");
        }
    }
}
