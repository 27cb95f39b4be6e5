package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.ManualClock;

/** One rule for every path, Java and SQL: an entry whose expire time is now is expired. */
class LivenessTest {
    @TempDir
    Path directory;

    @Test
    void theBoundaryBelongsToExpired() {
        assertTrue(Liveness.isLive(null, 10.0));
        assertTrue(Liveness.isLive(10.5, 10.0));
        assertFalse(Liveness.isLive(10.0, 10.0));
    }

    @Test
    void anEntryExpiringExactlyNowIsAMissForReadsAndGoneForTheCuller() {
        ManualClock clock = new ManualClock();
        try (Shard shard = Shard.open(directory, Settings.none(), StoreOptions.defaults().withClock(clock))) {
            shard.set("k", "v", 2.0, null);
            shard.set("later", "v", 3.0, null);
            clock.advance(Duration.ofSeconds(2));

            assertNull(shard.get("k"));
            assertFalse(shard.contains("k"));
            assertEquals(1, shard.expire(), "expire() removes what every read already misses, and only that");
            assertEquals("v", shard.get("later"));
        }
    }
}
