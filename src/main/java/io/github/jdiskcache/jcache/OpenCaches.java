package io.github.jdiskcache.jcache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import javax.cache.CacheException;

/**
 * The caches a manager has open, and the opens under way. An open runs outside the lock, so a slow
 * one (a shard waiting for another process) delays only the callers of the same name: they wait
 * for it and then share its cache, so each name is opened once.
 */
final class OpenCaches {
    private final Map<String, DiskCache<?, ?>> open = new HashMap<>();
    private final Map<String, Opening> opening = new HashMap<>();
    private volatile boolean closed;

    /** An open under way, by the thread that runs it. */
    private record Opening(Thread owner, CountDownLatch done) {
        void await(String name) {
            if (owner == Thread.currentThread()) {
                throw new IllegalStateException("cache " + name + " is asked for while this thread opens it"
                        + " (e.g. from a factory of its own configuration)");
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CacheException("interrupted while waiting for cache " + name + " to open", e);
            }
        }
    }

    /** The open cache of this name, else what {@code opener} opens (null: there is nothing to open). */
    DiskCache<?, ?> getOrOpen(String name, Supplier<DiskCache<?, ?>> opener) {
        return openOnce(name, false, opener);
    }

    /** What {@code creator} makes; fails when a cache of this name is open already. */
    DiskCache<?, ?> create(String name, Supplier<DiskCache<?, ?>> creator) {
        return openOnce(name, true, creator);
    }

    private DiskCache<?, ?> openOnce(String name, boolean mustBeNew, Supplier<DiskCache<?, ?>> work) {
        Opening mine = new Opening(Thread.currentThread(), new CountDownLatch(1));
        while (true) {
            Opening underWay;
            synchronized (this) {
                ensureOpen();
                DiskCache<?, ?> cache = open.get(name);
                if (cache != null && mustBeNew) {
                    throw new CacheException("a cache named " + name + " already exists");
                }
                if (cache != null) {
                    return cache;
                }
                underWay = opening.putIfAbsent(name, mine);
            }
            if (underWay == null) {
                return run(name, mine, work);
            }
            // Once it is done, look again: its cache is open, or it failed and this caller tries itself.
            underWay.await(name);
        }
    }

    private DiskCache<?, ?> run(String name, Opening mine, Supplier<DiskCache<?, ?>> work) {
        try {
            DiskCache<?, ?> cache = work.get();
            if (cache != null && !publish(name, cache)) {
                cache.close();
                throw new IllegalStateException("the cache manager closed while cache " + name + " was opening");
            }
            return cache;
        } finally {
            synchronized (this) {
                opening.remove(name);
            }
            mine.done.countDown();
        }
    }

    private synchronized boolean publish(String name, DiskCache<?, ?> cache) {
        if (closed) {
            return false;
        }
        open.put(name, cache);
        return true;
    }

    /** The open cache of this name once an open under way has ended, or null. */
    DiskCache<?, ?> settled(String name) {
        while (true) {
            Opening underWay;
            synchronized (this) {
                underWay = opening.get(name);
                if (underWay == null) {
                    return open.get(name);
                }
            }
            underWay.await(name);
        }
    }

    synchronized Set<String> names() {
        return Set.copyOf(open.keySet());
    }

    synchronized void forget(DiskCache<?, ?> cache) {
        open.remove(cache.getName(), cache);
    }

    /** Marks them closed and returns the caches to close, or null when they were closed already. */
    synchronized List<DiskCache<?, ?>> closeAll() {
        if (closed) {
            return null;
        }
        closed = true;
        return new ArrayList<>(open.values());
    }

    boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the cache manager is closed");
        }
    }
}
