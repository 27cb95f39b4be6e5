package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionPoolTest {
    private static final int BOUND = 3;

    @TempDir
    Path directory;

    private ConnectionPool pool;

    @BeforeEach
    void open() {
        pool = new ConnectionPool(directory.resolve("cache.db"), BOUND, 1_000, AccessMode.READ_WRITE);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    /** Three threads each borrowing one connection at a time, releasing in every order: each keeps its own. */
    @Test
    void aThreadGetsBackTheConnectionItUsedLastWhileOthersComeAndGo() throws Exception {
        PooledConnection mine = pool.borrow(1_000);
        ExecutorService others = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                CountDownLatch bothHold = new CountDownLatch(2);
                CountDownLatch release = new CountDownLatch(1);
                List<Future<PooledConnection>> holders = new ArrayList<>();
                for (int other = 0; other < 2; other++) {
                    holders.add(others.submit(() -> {
                        PooledConnection theirs = pool.borrow(1_000);
                        bothHold.countDown();
                        release.await();
                        pool.release(theirs);
                        return theirs;
                    }));
                }
                bothHold.await();
                if (round > 0) {
                    PooledConnection again = pool.borrow(1_000);
                    assertSame(mine, again, "round " + round);
                }
                boolean mineFirst = round % 2 == 0;
                if (mineFirst) {
                    pool.release(mine);
                }
                release.countDown();
                for (Future<PooledConnection> holder : holders) {
                    assertNotSame(mine, holder.get(1, TimeUnit.MINUTES), "round " + round);
                }
                if (!mineFirst) {
                    pool.release(mine);
                }
            }
        } finally {
            others.shutdownNow();
        }
    }

    @Test
    void aThreadWhoseLastConnectionIsBorrowedGetsAnother() throws Exception {
        PooledConnection first = pool.borrow(1_000);
        pool.release(first);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Future<PooledConnection> taken = other.submit(() -> {
                PooledConnection theirs = pool.borrow(1_000);
                holding.countDown();
                done.await();
                pool.release(theirs);
                return theirs;
            });
            holding.await();
            PooledConnection mine = pool.borrow(1_000);
            done.countDown();
            assertSame(first, taken.get(1, TimeUnit.MINUTES), "the other thread took the only idle connection");
            assertNotSame(first, mine, "this thread got another while its last one was borrowed");
            pool.release(mine);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aDiscardedConnectionIsNeverHandedOutAgain() {
        PooledConnection broken = pool.borrow(1_000);
        pool.discard(broken);
        PooledConnection next = pool.borrow(1_000);
        assertNotSame(broken, next);
        pool.release(next);
    }

    @Test
    void withEveryConnectionBorrowedABorrowTimesOut() {
        List<PooledConnection> held = new ArrayList<>();
        for (int i = 0; i < BOUND; i++) {
            held.add(pool.borrow(1_000));
        }
        assertThrows(LockTimeoutException.class, () -> pool.borrow(50));
        held.forEach(pool::release);
        pool.release(pool.borrow(50));
    }

    /** Many threads borrowing at random: no connection is ever held by two, and never more than the bound exist. */
    @Test
    void aConnectionIsHeldByOneThreadAtATimeAndNoMoreThanTheBoundExist() throws Exception {
        Set<PooledConnection> inUse = ConcurrentHashMap.newKeySet();
        Set<PooledConnection> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        AtomicInteger doubleUse = new AtomicInteger();
        int threads = 8;
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                all.add(workers.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 2_000; i++) {
                        PooledConnection connection = pool.borrow(60_000);
                        seen.add(connection);
                        if (!inUse.add(connection)) {
                            doubleUse.incrementAndGet();
                        }
                        if (random.nextInt(8) == 0) {
                            Thread.yield();
                        }
                        inUse.remove(connection);
                        if (random.nextInt(200) == 0) {
                            pool.discard(connection);
                        } else {
                            pool.release(connection);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : all) {
                worker.get(5, TimeUnit.MINUTES);
            }
        } finally {
            workers.shutdownNow();
        }
        assertEquals(0, doubleUse.get(), "connections handed to two threads at once");
        assertTrue(pool.openConnections() <= BOUND, pool.openConnections() + " connections open");
        assertTrue(seen.size() > BOUND, "discarded connections were replaced: " + seen.size());
    }
}
