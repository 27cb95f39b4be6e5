package io.github.jdiskcache.jcache.operation;

import static io.github.jdiskcache.jcache.operation.OperationFixture.NOW;
import static io.github.jdiskcache.jcache.operation.OperationFixture.TEN_SECONDS;
import static io.github.jdiskcache.jcache.operation.OperationFixture.decide;
import static io.github.jdiskcache.jcache.operation.OperationFixture.event;
import static io.github.jdiskcache.store.ComputeFixture.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;

import org.junit.jupiter.api.Test;

import io.github.jdiskcache.store.ComputeFixture.Change;

class PutIfAbsentTest {
    private final OperationFixture fixture = new OperationFixture();

    @Test
    void aLiveEntryIsAHitAndStaysWithoutTheWriter() {
        PutIfAbsent<String, String> putIfAbsent = new PutIfAbsent<>("k", "v", fixture.context());
        assertEquals(Change.KEEP, decide(putIfAbsent, entry("old", NOW + 1, null)));
        assertFalse(putIfAbsent.result);
        assertEquals(KeyOperation.Access.HIT, putIfAbsent.access);
        assertEquals(List.of(), fixture.writerCalls);
    }

    @Test
    void anAbsentKeyIsAMissAndCreatedThroughTheWriter() {
        PutIfAbsent<String, String> putIfAbsent = new PutIfAbsent<>("k", "v",
                fixture.expiring(new CreatedExpiryPolicy(TEN_SECONDS)).listening().context());
        assertEquals(Change.set("v", NOW + 10, null), decide(putIfAbsent, entry("old", NOW - 1, null)));
        assertTrue(putIfAbsent.result);
        assertEquals(KeyOperation.Access.MISS, putIfAbsent.access);
        assertEquals(KeyOperation.Write.PUT, putIfAbsent.write);
        assertEquals(List.of(event(EventType.EXPIRED, "k", "old", "old"), event(EventType.CREATED, "k", "v", null)),
                putIfAbsent.events.recorded());
        assertEquals(List.of("write k=v"), fixture.writerCalls);
    }

    @Test
    void aCreationExpiryOfZeroIsStillAMissThatStoresNothing() {
        PutIfAbsent<String, String> putIfAbsent = new PutIfAbsent<>("k", "v",
                fixture.expiring(new CreatedExpiryPolicy(Duration.ZERO)).context());
        assertEquals(Change.KEEP, decide(putIfAbsent, null));
        assertFalse(putIfAbsent.result);
        assertEquals(KeyOperation.Access.MISS, putIfAbsent.access);
        assertEquals(KeyOperation.Write.NONE, putIfAbsent.write);
    }

    @Test
    void itsAccessIsCountedWithoutAGetTime() {
        assertFalse(new PutIfAbsent<>("k", "v", fixture.context()).timesAccess());
    }
}
