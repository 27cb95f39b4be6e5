package io.github.jdiskcache.recipes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.github.jdiskcache.store.FanoutCache;

/**
 * A child JVM using one recipe on a shared cache: prints "ready", waits for the parent's go file,
 * works, prints its findings and exits. Args: RECIPE DIR GO_FILE ITERATIONS.
 */
public final class RecipeWorker {
    private RecipeWorker() {
    }

    public static void main(String[] args) throws Exception {
        String recipe = args[0];
        Path directory = Path.of(args[1]);
        Path go = Path.of(args[2]);
        int iterations = Integer.parseInt(args[3]);
        try (FanoutCache cache = RecipeCaches.open(directory)) {
            Lock lock = new Lock(cache, "lock", null);
            RLock rlock = new RLock(cache, "rlock", null);
            BoundedSemaphore semaphore = new BoundedSemaphore(cache, "semaphore", 3, null);
            Averager averager = new Averager(cache, "average", null);
            Throttle throttle = recipe.equals("throttle")
                    ? new Throttle(cache, "throttle", THROTTLE_COUNT, Duration.ofSeconds(1), null) : null;
            System.out.println("ready");
            System.out.flush();
            while (!Files.exists(go)) {
                Thread.sleep(5); // waiting for the parent's handshake file
            }
            if (throttle != null) {
                System.out.println("grants " + grantsFor(throttle, Duration.ofSeconds(iterations)));
                return;
            }
            int violations = 0;
            for (int i = 0; i < iterations; i++) {
                switch (recipe) {
                    case "lock" -> {
                        try (Held ignored = lock.acquire()) {
                            violations += unguardedIncrement(cache);
                        }
                    }
                    case "rlock" -> {
                        try (Held outer = rlock.acquire(); Held inner = rlock.acquire()) {
                            violations += unguardedIncrement(cache);
                        }
                    }
                    case "semaphore" -> {
                        try (Held ignored = semaphore.acquire()) {
                            long inside = cache.incr("inside", 1, 0L);
                            if (inside > 3) {
                                violations++;
                            }
                            Thread.onSpinWait();
                            cache.decr("inside", 1, 0L);
                        }
                    }
                    case "average" -> averager.add(i + 1);
                    default -> throw new IllegalArgumentException(recipe);
                }
            }
            System.out.println("violations " + violations);
        }
    }

    /** Calls per second the throttle of mode "throttle" allows. */
    static final int THROTTLE_COUNT = 20;

    /** How many calls the throttle let through while this process asked for {@code window}. */
    private static long grantsFor(Throttle throttle, Duration window) throws InterruptedException {
        long end = System.nanoTime() + window.toNanos();
        long grants = 0;
        while (System.nanoTime() < end) {
            throttle.acquire();
            grants++;
        }
        return grants;
    }

    /**
     * A read-modify-write that only mutual exclusion keeps whole: the count of holders inside
     * (must be 1) and a counter read and written back in two steps (loses updates unless excluded).
     */
    private static int unguardedIncrement(FanoutCache cache) {
        long inside = cache.incr("inside", 1, 0L);
        Object counter = cache.get("counter");
        cache.set("counter", counter == null ? 1L : (Long) counter + 1);
        cache.decr("inside", 1, 0L);
        return inside == 1 ? 0 : 1;
    }

}
