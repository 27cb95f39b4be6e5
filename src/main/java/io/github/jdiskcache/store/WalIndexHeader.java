package io.github.jdiskcache.store;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The header of a WAL database's wal-index (its {@code -shm} file, mapped read-only): every commit
 * by any connection of any process rewrites it, so an unchanged header means an unchanged
 * database. Layout (sqlite.org, "WAL-mode File Format"): two copies of a 48-byte header at offsets
 * 0 and 48, native byte order; a commit writes the second copy, then the first, so a reader that
 * reads the first, then the second, and finds them equal has read one whole header. Bytes 8–11 are
 * {@code iChange}, which each commit increments by one.
 *
 * <p>The mapping is safe only while the file cannot be truncated: SQLite truncates it only when a
 * connection finds no other connection of any process open on the database, and the shard keeps
 * one open for as long as this header is in use ({@link HeapTier}). One mapping per database and
 * JVM, owned by its {@link WriteGate}.
 */
final class WalIndexHeader implements AutoCloseable {
    /** The header, as six 64-bit words; copies differ while a writer is rewriting them. */
    static final int WORDS = 6;
    private static final int COPY_BYTES = WORDS * Long.BYTES;
    private static final int MAPPED_BYTES = 2 * COPY_BYTES;
    private static final int STRIPES = 16;
    /** 128 bytes between two stripes' counters: never on one cache line (or one adjacent-line prefetch pair). */
    private static final int STRIPE_SPACING = 16;
    private static final VarHandle WORD = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final FileChannel channel;
    private final MappedByteBuffer header;
    /**
     * Readers inside, counted per stripe of threads (a thread always uses the same stripe, so no
     * stripe goes below zero): one shared counter made every read of every thread write one cache line.
     */
    private final AtomicLongArray readers = new AtomicLongArray(STRIPES * STRIPE_SPACING);
    private volatile boolean closed;

    private WalIndexHeader(FileChannel channel, MappedByteBuffer header) {
        this.channel = channel;
        this.header = header;
    }

    /**
     * Maps {@code shmFile}'s header, or returns null when there is none to map (not WAL, not yet
     * initialized). Its size is looked at without opening it: closing any descriptor of the file
     * would drop this process's SQLite locks on it (POSIX), so a descriptor, once opened, stays
     * open until {@link #close}, which {@link WriteGate} calls after this process's last
     * connection to the database closed.
     */
    static WalIndexHeader map(Path shmFile) {
        try {
            if (!Files.isRegularFile(shmFile) || Files.size(shmFile) < MAPPED_BYTES) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(shmFile, StandardOpenOption.READ);
        } catch (IOException e) {
            return null;
        }
        try {
            return new WalIndexHeader(channel, channel.map(FileChannel.MapMode.READ_ONLY, 0, MAPPED_BYTES));
        } catch (IOException | UnsupportedOperationException e) {
            // Kept open, not closed: see above. The gate closes it with the database's last connection.
            return new WalIndexHeader(channel, null);
        }
    }

    /** Whether the header could be mapped; an unmapped one is only held to be closed at the right time. */
    boolean isMapped() {
        return header != null;
    }

    /** The current header, or null while a writer is rewriting it (or once closed). */
    long[] read() {
        int stripe = stripe();
        if (!enter(stripe)) {
            return null;
        }
        try {
            long[] first = new long[WORDS];
            for (int i = 0; i < WORDS; i++) {
                first[i] = (long) WORD.getAcquire(header, i * Long.BYTES);
            }
            for (int i = 0; i < WORDS; i++) {
                if ((long) WORD.getAcquire(header, COPY_BYTES + i * Long.BYTES) != first[i]) {
                    return null;
                }
            }
            return first;
        } finally {
            readers.decrementAndGet(stripe);
        }
    }

    /** Whether the header is still exactly {@code version} (and not being rewritten): no allocation, for every read. */
    boolean isAt(long[] version) {
        int stripe = stripe();
        if (!enter(stripe)) {
            return false;
        }
        try {
            for (int i = 0; i < WORDS; i++) {
                if ((long) WORD.getAcquire(header, i * Long.BYTES) != version[i]) {
                    return false;
                }
            }
            for (int i = 0; i < WORDS; i++) {
                if ((long) WORD.getAcquire(header, COPY_BYTES + i * Long.BYTES) != version[i]) {
                    return false;
                }
            }
            return true;
        } finally {
            readers.decrementAndGet(stripe);
        }
    }

    private static int stripe() {
        return (int) (Thread.currentThread().getId() % STRIPES) * STRIPE_SPACING;
    }

    /**
     * Counts a reader in, unless closing: {@link #close} sets {@code closed}, then waits for every
     * stripe to empty; a reader counts itself in, then looks at {@code closed}; so either the
     * closer sees the reader counted or the reader sees the header closed.
     */
    private boolean enter(int stripe) {
        readers.incrementAndGet(stripe);
        if (closed) {
            readers.decrementAndGet(stripe);
            return false;
        }
        return true;
    }

    /** {@code iChange} of a header: each commit adds one. */
    static int commits(long[] version) {
        ByteOrder order = ByteOrder.nativeOrder();
        long word = version[1]; // bytes 8..15: iChange, then isInit, bigEndCksum, szPage
        return order == ByteOrder.LITTLE_ENDIAN ? (int) word : (int) (word >>> 32);
    }

    /** Whether {@code after} is {@code before} plus exactly one commit: nobody else's. */
    static boolean isNextCommit(long[] before, long[] after) {
        return before != null && after != null && commits(after) == commits(before) + 1;
    }

    static boolean same(long[] first, long[] second) {
        return first != null && Arrays.equals(first, second);
    }

    /**
     * Unmaps the header at once (a mapping left to the garbage collector keeps the file, and its
     * file system, busy) once no reader is inside, then closes the descriptor.
     */
    @Override
    public void close() {
        closed = true;
        for (int stripe = 0; stripe < readers.length(); stripe += STRIPE_SPACING) {
            while (readers.get(stripe) > 0) {
                Thread.onSpinWait();
            }
        }
        if (header != null) {
            unmap(header);
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // A read-only mapping: nothing to flush.
        }
    }

    private static void unmap(MappedByteBuffer buffer) {
        try {
            Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            unsafe.getClass().getMethod("invokeCleaner", java.nio.ByteBuffer.class).invoke(unsafe, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without jdk.unsupported the mapping goes with the buffer, when it is collected.
        }
    }
}
