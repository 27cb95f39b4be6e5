package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.ChildJvm;
import io.github.jdiskcache.testing.Threads;

class KeyLeasesTest {
    private static final DbKey KEY = new DbKey("job", DbKey.NATIVE, "job");

    @TempDir
    Path directory;

    private KeyLeases leases;

    @BeforeEach
    void open() {
        leases = KeyLeases.open(directory.resolve(FanoutCache.LEASES_FILE), FilePermissions.ownerOnly());
    }

    @AfterEach
    void close() {
        leases.close();
    }

    /** Where a key's lease lies is part of the format: every JVM and every version must agree. */
    @Test
    void aKeysSlotIsFixedByItsStoredForm() {
        assertEquals(0x0d40_4877_c632_8e5fL, KeyLeases.slotOf(KEY), "64-bit FNV-1a of raw flag 1 and \"job\", top two bits cleared");
        assertEquals(KeyLeases.slotOf(KEY), KeyLeases.slotOf(new DbKey("job", DbKey.NATIVE, "another original")));
        assertFalse(KeyLeases.slotOf(KEY) == KeyLeases.slotOf(new DbKey("job", DbKey.SERIALIZED, "job")),
                "the raw flag is part of the key");
        assertFalse(KeyLeases.slotOf(new DbKey(1L, DbKey.NATIVE, 1L)) == KeyLeases.slotOf(new DbKey(2L, DbKey.NATIVE, 2L)));
        assertFalse(KeyLeases.slotOf(new DbKey(new byte[] {1}, DbKey.NATIVE, null))
                == KeyLeases.slotOf(new DbKey(new byte[] {2}, DbKey.NATIVE, null)));
    }

    @Test
    void anotherThreadWaitsUntilTheHolderReleases() throws Exception {
        assertWaitsForTheHolder("lease-waiter", () -> leases.acquire(KEY));
    }

    /** Holds the key's lease while another thread takes it with {@code take}: that thread must get it only after the release. */
    private void assertWaitsForTheHolder(String waiterName, Supplier<KeyLeases.Lease> take) throws Exception {
        AtomicBoolean released = new AtomicBoolean();
        CompletableFuture<Boolean> waiter;
        try (KeyLeases.Lease held = leases.acquire(KEY)) {
            waiter = CompletableFuture.supplyAsync(() -> {
                Thread.currentThread().setName(waiterName);
                try (KeyLeases.Lease got = take.get()) {
                    return released.get();
                }
            });
            Threads.awaitThreadInside(waiterName, KeyLeases.class.getName());
            assertFalse(waiter.isDone(), "the lease is held");
            released.set(true);
        }
        assertTrue(waiter.get(30, TimeUnit.SECONDS), "the waiter got the lease only after its release");
    }

    @Test
    void theHolderMayTakeItsLeaseAgainAndReleasesItWithTheOutermostClose() throws Exception {
        KeyLeases.Lease outer = leases.acquire(KEY);
        KeyLeases.Lease inner = leases.acquire(KEY);
        inner.close();
        AtomicBoolean outerClosed = new AtomicBoolean();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().setName("lease-after-reentry");
            try (KeyLeases.Lease got = leases.acquire(KEY)) {
                return outerClosed.get();
            }
        });
        Threads.awaitThreadInside("lease-after-reentry", KeyLeases.class.getName());
        assertFalse(waiter.isDone(), "closing the inner lease keeps the outer one");
        outerClosed.set(true);
        outer.close();
        assertTrue(waiter.get(30, TimeUnit.SECONDS));
    }

    /**
     * Whether this JVM holds the key's record lock: the JDK refuses an overlapping lock from a second
     * channel of the same JVM, which is what another process's lock would meet in the kernel.
     */
    private boolean recordLockHeld() throws Exception {
        try (FileChannel probe = FileChannel.open(directory.resolve(FanoutCache.LEASES_FILE), StandardOpenOption.WRITE)) {
            FileLock lock = probe.tryLock(KeyLeases.slotOf(KEY), 1, false);
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** A lease in this JVM only takes no record lock; one across processes taken inside it does, and gives it back. */
    @Test
    void aLeaseInThisProcessOnlyTakesNoRecordLockAndOneAcrossProcessesInsideItDoes() throws Exception {
        try (KeyLeases.Lease local = leases.acquireInThisProcess(KEY)) {
            assertFalse(recordLockHeld(), "no system call for a lease in this JVM only");
            try (KeyLeases.Lease across = leases.acquire(KEY)) {
                assertTrue(recordLockHeld(), "another process must wait now");
            }
            assertFalse(recordLockHeld(), "given back by the hold that took it");
        }
        try (KeyLeases.Lease across = leases.acquire(KEY)) {
            try (KeyLeases.Lease local = leases.acquireInThisProcess(KEY)) {
                assertTrue(recordLockHeld());
            }
            assertTrue(recordLockHeld(), "an inner hold in this JVM only leaves the outer one's record lock");
        }
        assertFalse(recordLockHeld());
    }

    /** Threads of one JVM still queue: a lease in this JVM only waits for a holder of this JVM. */
    @Test
    void aLeaseInThisProcessOnlyWaitsForAHolderOfThisProcess() throws Exception {
        assertWaitsForTheHolder("local-lease-waiter", () -> leases.acquireInThisProcess(KEY));
    }

    @Test
    void anInterruptedWaiterFailsTypedKeepsItsInterruptAndTheLeasesStillWork() throws Exception {
        CompletableFuture<String> waiter;
        Thread[] waiting = new Thread[1];
        try (KeyLeases.Lease held = leases.acquire(KEY)) {
            waiter = CompletableFuture.supplyAsync(() -> {
                waiting[0] = Thread.currentThread();
                Thread.currentThread().setName("lease-interrupted");
                StoreException failure = assertThrows(StoreException.class, () -> leases.acquire(KEY));
                return failure.getMessage() + " interrupted=" + Thread.currentThread().isInterrupted();
            });
            Threads.awaitThreadInside("lease-interrupted", KeyLeases.class.getName());
            waiting[0].interrupt();
            String outcome = waiter.get(30, TimeUnit.SECONDS);
            assertTrue(outcome.contains("interrupted while waiting for the lease of key job"), outcome);
            assertTrue(outcome.endsWith("interrupted=true"), outcome);
        }
        try (KeyLeases.Lease again = leases.acquire(KEY)) {
            assertTrue(Files.exists(directory.resolve(FanoutCache.LEASES_FILE)));
        }
    }

    /** A killed holder leaves no lease behind: the kernel drops its record locks with the process. */
    @Test
    void anotherProcessWaitsForTheLeaseAndGetsItWhenTheHolderIsKilled() throws Exception {
        Path cacheDirectory = directory.resolve("cache");
        FanoutCache.open(cacheDirectory).close();
        Path holding = directory.resolve("holding");
        ChildJvm holder = ChildJvm.start(directory, LeaseHoldingWorker.class, cacheDirectory.toString(), "job",
                holding.toString(), directory.resolve("never").toString());
        while (!Files.exists(holding)) {
            assertTrue(holder.process().isAlive(), () -> "the holder died:\n" + output(holder));
            Threads.pause();
        }
        try (FanoutCache cache = FanoutCache.open(cacheDirectory)) {
            AtomicBoolean killed = new AtomicBoolean();
            CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
                Thread.currentThread().setName("lease-cross-process");
                return cache.withLease("job", killed::get);
            });
            Threads.awaitThreadInside("lease-cross-process", KeyLeases.class.getName());
            assertFalse(waiter.isDone(), "another process holds the lease");
            killed.set(true);
            holder.process().destroyForcibly().waitFor();
            assertTrue(waiter.get(30, TimeUnit.SECONDS), "the lease was taken only after the holder died");
        }
    }

    private static String output(ChildJvm child) {
        try {
            return child.output();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
