package io.github.jdiskcache.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-key leases of one cache directory: while a thread holds the lease of a key, no other thread
 * of any process that takes leases works on that key, and no SQLite lock is held for it. A lease is
 * a one-byte POSIX record lock in the directory's {@value FanoutCache#LEASES_FILE}, at an offset
 * derived from the encoded key ({@link #slotOf}); threads of this JVM queue on an in-process lock
 * per offset first, because record locks belong to the process. The kernel drops a process's record
 * locks when it dies, so the lease of a killed holder is free at once: a waiter sees it within one
 * poll ({@link #MAX_POLL_MILLIS}).
 *
 * <p>One instance per file and JVM ({@link #open}): closing any descriptor of a file drops every
 * record lock the process holds on it, so the file is opened once and closed with its last user.
 * Two keys whose slots collide share a lease; that only makes them wait for each other.
 *
 * <p>Leases are reentrant for the holding thread. Waiting is unbounded (a holder that never
 * finishes is a holder that never dies) but interruptible. The other process's record lock is
 * polled with {@code tryLock}, never waited for with a blocking lock: a blocking wait is cut short
 * by an interrupt that closes the shared channel, and POSIX reports false deadlocks between
 * multi-threaded processes.
 */
final class KeyLeases {
    /** Longest pause between two tries of another process's lease. */
    static final long MAX_POLL_MILLIS = 16;
    /** Offsets stay below 2^62, so that offset + 1 never overflows a signed 64-bit file position. */
    private static final long SLOT_MASK = (1L << 62) - 1;

    /** By the file's identity on disk ({@link #identity}). */
    private static final Map<Object, KeyLeases> OPEN = new HashMap<>();

    private final Object identity;
    private final Path file;
    private final FileChannel channel;
    private final ConcurrentHashMap<Long, Slot> slots = new ConcurrentHashMap<>();
    private int users;

    /** One offset's in-process lock, the record lock one of its holds took, and how many threads use it. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        FileLock recordLock;
        int users;
    }

    /** A held lease; closing it releases it. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private KeyLeases(Object identity, Path file, FileChannel channel) {
        this.identity = identity;
        this.file = file;
        this.channel = channel;
    }

    /**
     * The leases of {@code file} (created with {@code permissions} if needed), shared by every user
     * in this JVM. The file is known by its identity on disk, not by the path it was named by, so
     * that two names of one directory (a symbolic link, a relative path) share one descriptor.
     */
    static KeyLeases open(Path file, FilePermissions permissions) {
        synchronized (OPEN) {
            Object identity = identity(file, permissions);
            KeyLeases leases = OPEN.get(identity);
            if (leases == null) {
                try {
                    leases = new KeyLeases(identity, file, permissions.openForLocking(file));
                } catch (IOException e) {
                    throw new StoreException("cannot open the lease file " + file + ": " + e.getMessage(), e);
                }
                OPEN.put(identity, leases);
            }
            leases.users++;
            return leases;
        }
    }

    /** Creates the file if needed and returns its device and inode, without opening it (see the class comment). */
    private static Object identity(Path file, FilePermissions permissions) {
        try {
            try {
                permissions.createFile(file);
            } catch (FileAlreadyExistsException alreadyThere) {
                // Made by another user or process: that is the one to share.
            }
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.fileKey() != null ? attributes.fileKey() : file.toRealPath();
        } catch (IOException e) {
            throw new StoreException("cannot create the lease file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Gives this user's share back; the last one closes the file (and so drops nothing still held). */
    void close() {
        synchronized (OPEN) {
            if (--users > 0) {
                return;
            }
            OPEN.remove(identity);
            try {
                channel.close();
            } catch (IOException e) {
                throw new StoreException("closing the lease file " + file + " failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The lease's offset for an encoded key: a 64-bit FNV-1a hash of its {@code raw} flag and its
     * stored form, the same in every JVM (String hashes its UTF-16 code units, byte[] its bytes,
     * Long and Double their 64 bits).
     */
    static long slotOf(DbKey key) {
        long hash = mix(0xcbf29ce484222325L, key.raw());
        Object value = key.sqlValue();
        if (value instanceof String text) {
            for (int i = 0; i < text.length(); i++) {
                hash = mix(hash, text.charAt(i));
            }
        } else if (value instanceof byte[] bytes) {
            for (byte b : bytes) {
                hash = mix(hash, b & 0xff);
            }
        } else {
            long bits = value instanceof Double d ? Double.doubleToLongBits(d) : ((Number) value).longValue();
            for (int shift = 0; shift < 64; shift += 16) {
                hash = mix(hash, (int) (bits >>> shift) & 0xffff);
            }
        }
        return hash & SLOT_MASK;
    }

    private static long mix(long hash, int unit) {
        return (hash ^ unit) * 0x100000001b3L;
    }

    /**
     * Waits until this thread holds the lease of {@code key}, in this JVM and then across processes.
     *
     * @throws StoreException if interrupted while waiting (the interrupt stays set), or the lock file fails
     */
    Lease acquire(DbKey key) {
        return acquire(key, true);
    }

    /**
     * Waits until this thread holds the lease of {@code key} in this JVM only: for work that runs no
     * one else's code, which costs no system call then. A holder in another process is not waited
     * for; what this work commits makes that holder decide again.
     */
    Lease acquireInThisProcess(DbKey key) {
        return acquire(key, false);
    }

    private Lease acquire(DbKey key, boolean acrossProcesses) {
        long offset = slotOf(key);
        Slot slot = slots.compute(offset, (ignored, existing) -> {
            Slot used = existing == null ? new Slot() : existing;
            used.users++;
            return used;
        });
        try {
            slot.lock.lockInterruptibly();
        } catch (InterruptedException e) {
            leave(offset);
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the lease of key " + key.original(), e);
        }
        // The first hold across processes takes the record lock (a hold in this JVM only may be outer to it).
        boolean takesRecord = acrossProcesses && slot.recordLock == null;
        if (takesRecord) {
            try {
                slot.recordLock = lockRecord(offset, key);
            } catch (RuntimeException e) {
                slot.lock.unlock();
                leave(offset);
                throw e;
            }
        }
        return () -> release(offset, slot, takesRecord);
    }

    private FileLock lockRecord(long offset, DbKey key) {
        long pause = 1;
        while (true) {
            try {
                FileLock lock = channel.tryLock(offset, 1, false);
                if (lock != null) {
                    return lock;
                }
            } catch (IOException e) {
                throw new StoreException("cannot lock the lease of key " + key.original() + " in " + file + ": "
                        + e.getMessage(), e);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for the lease of key " + key.original()
                        + " (held by another process)", e);
            }
            pause = Math.min(MAX_POLL_MILLIS, pause * 2);
        }
    }

    private void release(long offset, Slot slot, boolean tookRecord) {
        try {
            if (tookRecord) {
                FileLock recordLock = slot.recordLock;
                slot.recordLock = null;
                recordLock.release();
            }
        } catch (IOException e) {
            throw new StoreException("releasing a lease in " + file + " failed: " + e.getMessage(), e);
        } finally {
            slot.lock.unlock();
            leave(offset);
        }
    }

    private void leave(long offset) {
        slots.computeIfPresent(offset, (ignored, slot) -> --slot.users == 0 ? null : slot);
    }
}
