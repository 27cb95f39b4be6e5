package io.github.jdiskcache.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.testing.ChildJvm;
import io.github.jdiskcache.testing.Python;

/** Recipes shared with Python's diskcache 5.4 (Debian's python3-diskcache), handshakes through files. */
class RecipesPythonTest {
    @TempDir
    Path directory;

    @TempDir
    Path work;

    private FanoutCache open() {
        return RecipeCaches.open(directory);
    }

    @Test
    void aPythonHolderMakesJavaWaitAndAJavaHolderMakesPythonWait() throws Exception {
        try (FanoutCache ignored = open()) {
            // the cache exists before both sides open it
        }
        Path release = work.resolve("release");
        Python holder = Python.start(work, """
                import os, sys, time, diskcache
                cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                lock = diskcache.Lock(cache, 'job')
                lock.acquire()
                print('held', flush=True)
                while not os.path.exists(sys.argv[2]):
                    time.sleep(0.005)
                lock.release()
                print('released', flush=True)
                """, directory.toString(), release.toString());
        holder.awaitLine("held");
        try (FanoutCache cache = open()) {
            Lock lock = new Lock(cache, "job", null);
            assertTrue(lock.locked(), "Java sees Python's lock taken");
            assertEquals(Optional.empty(), lock.acquire(Duration.ofMillis(100)).map(Object::getClass),
                    "Java cannot take a lock Python holds");
            Files.createFile(release);
            try (Held held = lock.acquire()) {
                holder.awaitSuccess(60, TimeUnit.SECONDS);
                Path javaReleases = work.resolve("java-releases");
                Python waiter = Python.start(work, """
                        import sys, diskcache
                        cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                        lock = diskcache.Lock(cache, 'job')
                        print('locked', lock.locked(), flush=True)
                        lock.acquire()
                        print('acquired', flush=True)
                        lock.release()
                        """, directory.toString(), javaReleases.toString());
                waiter.awaitLine("locked True");
                assertEquals(List.of("locked True"), waiter.output(), "Python waits while Java holds the lock");
                held.close();
                assertEquals(List.of("locked True", "acquired"), waiter.awaitSuccess(60, TimeUnit.SECONDS));
            }
            assertEquals(false, lock.locked());
        }
    }

    @Test
    void aJavaLockWritesTheVeryRowPythonsLockWrites() throws Exception {
        try (FanoutCache cache = FanoutCache.open(directory)) { // a Lock needs no pickle_plain_values
            new Lock(cache, "java", Duration.ofMinutes(5)).acquire();
        }
        List<String> python = Python.run(work, """
                import glob, os, sqlite3, sys, diskcache
                cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                diskcache.Lock(cache, 'python', expire=300).acquire()
                def row(key):
                    for db in sorted(glob.glob(os.path.join(sys.argv[1], '*', 'cache.db'))):
                        with sqlite3.connect(db) as connection:
                            found = connection.execute('SELECT raw, size, mode, filename, value, tag,'
                                ' round(expire_time - store_time, 3) FROM Cache WHERE key = ?', (key,)).fetchall()
                        if found:
                            return found
                print(repr(row('python')))
                print(repr(row('java')))
                print(cache.get('java', default='X') is None, 'java' in cache, diskcache.Lock(cache, 'java').locked())
                print('warnings', len(cache.check()))
                """, directory.toString());
        assertEquals(4, python.size(), String.join("\n", python));
        assertEquals(python.get(0), python.get(1), "Java's row (raw, size, mode, filename, value, tag, expire) is Python's");
        assertEquals("[(1, 0, 4, None, b'\\x80\\x05N.', None, 300.0)]", python.get(1), "a pickled None, mode 4");
        assertEquals("True True True", python.get(2), "Python reads None, and the key is in the cache: locked");
        assertEquals("warnings 0", python.get(3));
        try (FanoutCache cache = FanoutCache.open(directory)) {
            assertNull(cache.get("java"), "Java reads the pickled None as null, as a miss");
            assertTrue(new Lock(cache, "python", null).locked(), "but Lock.locked() sees the row");
            assertTrue(new Lock(cache, "java", null).locked());
        }
    }

    @Test
    void aKilledJavaHolderFreesTheLockForPythonWhenItsExpireRunsOut() throws Exception {
        try (FanoutCache ignored = open()) {
            // the cache exists before both sides open it
        }
        ChildJvm child = ChildJvm.start(work, LockHoldingWorker.class, directory.toString(), "3");
        ChildJvm.awaitAllPrinted(List.of(child), "held", 60, TimeUnit.SECONDS);
        child.process().destroyForcibly().waitFor();
        List<String> python = Python.run(work, """
                import sys, diskcache
                cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                lock = diskcache.Lock(cache, 'job', expire=60)
                lock.acquire()
                print('acquired', flush=True)
                print('warnings', len(cache.check()))
                """, directory.toString());
        assertEquals(List.of("acquired", "warnings 0"), python, "Python takes the lock once the dead holder's expired");
        try (FanoutCache cache = open()) {
            assertTrue(new Lock(cache, "job", null).locked(), "now Python holds it");
        }
    }

    @Test
    void javaAndPythonAveragersAgreeAndBothChecksStayClean() throws Exception {
        try (FanoutCache cache = open()) {
            Averager averager = new Averager(cache, "latency", null);
            averager.add(1);
            averager.add(2);
            averager.add(3);
        }
        List<String> python = Python.run(work, """
                import sys, diskcache
                cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                averager = diskcache.Averager(cache, 'latency')
                averager.add(6)
                print(averager.get())
                print(repr(cache.get('latency')))
                print('warnings', len(cache.check()))
                """, directory.toString());
        assertEquals(List.of("3.0", "(12.0, 4)", "warnings 0"), python);
        try (FanoutCache cache = open()) {
            assertEquals(3.0, new Averager(cache, "latency", null).get());
            assertEquals(List.of(), cache.check(false));
        }
    }

    @Test
    void javaReadsAndAdvancesAnRLockPythonHoldsNoMore() throws Exception {
        List<String> python = Python.run(work, """
                import sys, diskcache
                cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                rlock = diskcache.RLock(cache, 'r')
                rlock.acquire(); rlock.acquire(); rlock.release(); rlock.release()
                print(repr(cache.get('r'))[:1], cache.get('r')[1])
                """, directory.toString());
        assertEquals(List.of("( 0"), python, "Python leaves (holder, 0) behind");
        try (FanoutCache cache = open()) {
            RLock rlock = new RLock(cache, "r", null);
            try (Held held = rlock.acquire()) {
                assertEquals(List.of(RecipeStore.holder(), 1L), cache.get("r"));
            }
        }
    }

    @Test
    void aPythonRLockHeldTwiceMakesJavaWaitUntilItIsReleasedTwice() throws Exception {
        try (FanoutCache ignored = open()) {
            // the cache exists before both sides open it
        }
        Path releaseOnce = work.resolve("release-once");
        Path releaseTwice = work.resolve("release-twice");
        Python holder = Python.start(work, """
                import os, sys, time, diskcache
                cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                rlock = diskcache.RLock(cache, 'r')
                rlock.acquire()
                rlock.acquire()
                print('held twice', flush=True)
                for step in (2, 3):
                    while not os.path.exists(sys.argv[step]):
                        time.sleep(0.005)
                    rlock.release()
                    print('released', step - 1, flush=True)
                """, directory.toString(), releaseOnce.toString(), releaseTwice.toString());
        try (FanoutCache cache = open()) {
            holder.awaitLine("held twice");
            RLock rlock = new RLock(cache, "r", null);
            assertTrue(rlock.locked());
            assertTrue(rlock.acquire(Duration.ofMillis(100)).isEmpty(), "Java cannot take an RLock Python holds");
            Files.createFile(releaseOnce);
            holder.awaitLine("released 1");
            assertTrue(rlock.locked(), "one release of two leaves it held");
            assertTrue(rlock.acquire(Duration.ofMillis(100)).isEmpty(), "Java still waits");
            Files.createFile(releaseTwice);
            try (Held held = rlock.acquire()) {
                assertEquals(List.of("held twice", "released 1", "released 2"), holder.awaitSuccess(60, TimeUnit.SECONDS));
                assertEquals(List.of(RecipeStore.holder(), 1L), cache.get("r"), "Java holds it once");
            }
            assertFalse(rlock.locked());
        } finally {
            holder.process().destroyForcibly(); // a failed assertion leaves it waiting for a file
        }
    }

    @Test
    void aJavaRLockHeldTwiceMakesPythonWaitUntilItIsReleasedTwice() throws Exception {
        try (FanoutCache cache = open()) {
            RLock rlock = new RLock(cache, "r", null);
            Held outer = rlock.acquire();
            Held inner = rlock.acquire();
            Python waiter = Python.start(work, """
                    import sys, diskcache
                    cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                    print('count', cache.get('r')[1], flush=True)
                    rlock = diskcache.RLock(cache, 'r')
                    rlock.acquire()
                    print('acquired', flush=True)
                    rlock.release()
                    """, directory.toString());
            try {
                waiter.awaitLine("count 2");
                inner.close();
                List<String> probe = Python.run(work, """
                        import sys, diskcache
                        print('count', diskcache.FanoutCache(sys.argv[1], timeout=10).get('r')[1])
                        """, directory.toString());
                assertEquals(List.of("count 1"), probe, "Python sees Java's one release of two");
                assertEquals(List.of("count 2"), waiter.output(), "Python waits while Java holds it once more");
                outer.close();
                assertEquals(List.of("count 2", "acquired"), waiter.awaitSuccess(60, TimeUnit.SECONDS));
            } finally {
                waiter.process().destroyForcibly();
            }
            assertFalse(rlock.locked());
        }
    }

    @Test
    void twoPythonHoldersOfABoundedSemaphoreOfTwoMakeJavaWaitUntilOneReleases() throws Exception {
        try (FanoutCache ignored = open()) {
            // the cache exists before both sides open it
        }
        Path releaseOne = work.resolve("release-one");
        Path releaseOther = work.resolve("release-other");
        Python holders = Python.start(work, """
                import os, sys, time, diskcache
                cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                semaphore = diskcache.BoundedSemaphore(cache, 'pool', value=2)
                semaphore.acquire()
                semaphore.acquire()
                print('holding 2', flush=True)
                for step in (2, 3):
                    while not os.path.exists(sys.argv[step]):
                        time.sleep(0.005)
                    semaphore.release()
                    print('released', step - 1, flush=True)
                """, directory.toString(), releaseOne.toString(), releaseOther.toString());
        try (FanoutCache cache = open()) {
            holders.awaitLine("holding 2");
            BoundedSemaphore semaphore = new BoundedSemaphore(cache, "pool", 2, null);
            assertTrue(semaphore.locked());
            assertTrue(semaphore.acquire(Duration.ofMillis(100)).isEmpty(), "no permit left for Java");
            Files.createFile(releaseOne);
            try (Held held = semaphore.acquire()) {
                holders.awaitLine("released 1");
                assertEquals(0L, cache.get("pool"), "Python's one holder and Java's");
                Files.createFile(releaseOther);
                assertEquals(List.of("holding 2", "released 1", "released 2"), holders.awaitSuccess(60, TimeUnit.SECONDS));
            }
            assertEquals(2L, cache.get("pool"), "every permit back");
        } finally {
            holders.process().destroyForcibly();
        }
    }

    @Test
    void twoJavaHoldersOfABoundedSemaphoreOfTwoMakePythonWaitUntilOneReleases() throws Exception {
        try (FanoutCache cache = open()) {
            BoundedSemaphore semaphore = new BoundedSemaphore(cache, "pool", 2, null);
            Held first = semaphore.acquire();
            Held second = semaphore.acquire();
            Python waiter = Python.start(work, """
                    import sys, diskcache
                    cache = diskcache.FanoutCache(sys.argv[1], timeout=10)
                    print('left', cache.get('pool'), flush=True)
                    semaphore = diskcache.BoundedSemaphore(cache, 'pool', value=2)
                    semaphore.acquire()
                    print('acquired', flush=True)
                    semaphore.release()
                    """, directory.toString());
            try {
                waiter.awaitLine("left 0");
                assertEquals(List.of("left 0"), waiter.output(), "Python waits while Java holds both permits");
                first.close();
                assertEquals(List.of("left 0", "acquired"), waiter.awaitSuccess(60, TimeUnit.SECONDS));
            } finally {
                waiter.process().destroyForcibly();
            }
            second.close();
            assertEquals(2L, cache.get("pool"));
            assertFalse(semaphore.locked());
        }
    }
}
