package io.github.jdiskcache.jcache.operation;

import static io.github.jdiskcache.jcache.operation.OperationFixture.NOW;
import static io.github.jdiskcache.jcache.operation.OperationFixture.TEN_SECONDS;
import static io.github.jdiskcache.jcache.operation.OperationFixture.decide;
import static io.github.jdiskcache.jcache.operation.OperationFixture.event;
import static io.github.jdiskcache.store.ComputeFixture.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;

import org.junit.jupiter.api.Test;

import io.github.jdiskcache.store.ComputeFixture.Change;

/** put and getAndPut decided on entries as a transaction shows them, with a fixed clock and no SQLite. */
class PutTest {
    private final OperationFixture fixture = new OperationFixture();

    @Test
    void anAbsentKeyIsCreatedWithTheCreationExpiryThroughTheWriter() {
        Put<String, String> put = new Put<>("k", "v", false,
                fixture.expiring(new CreatedExpiryPolicy(TEN_SECONDS)).context());
        assertEquals(Change.set("v", NOW + 10, null), decide(put, null));
        assertEquals(List.of(event(EventType.CREATED, "k", "v", null)), put.events.recorded());
        assertEquals(List.of("write k=v"), fixture.writerCalls);
        assertEquals(KeyOperation.Write.PUT, put.write);
        assertEquals(KeyOperation.Access.NONE, put.access);
    }

    @Test
    void aLiveEntryKeepsItsExpireTimeAndTagWhenThePolicyHasNoUpdateExpiry() {
        Put<String, String> put = new Put<>("k", "new", false,
                fixture.expiring(new CreatedExpiryPolicy(TEN_SECONDS)).listening().context());
        assertEquals(Change.set("new", NOW + 5, "tag"), decide(put, entry("old", NOW + 5, "tag")));
        assertEquals(List.of(event(EventType.UPDATED, "k", "new", "old")), put.events.recorded());
    }

    @Test
    void anUpdateTakesTheUpdateExpiry() {
        Put<String, String> put = new Put<>("k", "new", false,
                fixture.expiring(new ModifiedExpiryPolicy(TEN_SECONDS)).context());
        assertEquals(Change.set("new", NOW + 10, null), decide(put, entry("old", NOW + 5, null)));
    }

    @Test
    void withoutListenersTheOldValueIsNotRead() {
        Put<String, String> put = new Put<>("k", "new", false, fixture.context());
        decide(put, entry("old", null, null));
        assertEquals(List.of(event(EventType.UPDATED, "k", "new", null)), put.events.recorded());
    }

    @Test
    void anExpiredRowIsReportedThenReplacedByACreation() {
        Put<String, String> put = new Put<>("k", "new", false, fixture.listening().context());
        assertEquals(Change.set("new", null, null), decide(put, entry("old", NOW, null)));
        assertEquals(List.of(event(EventType.EXPIRED, "k", "old", "old"), event(EventType.CREATED, "k", "new", null)),
                put.events.recorded());
    }

    @Test
    void aCreationExpiryOfZeroStoresNothingButStillWritesThrough() {
        Put<String, String> put = new Put<>("k", "v", false,
                fixture.expiring(new CreatedExpiryPolicy(Duration.ZERO)).context());
        assertEquals(Change.KEEP, decide(put, null));
        assertEquals(KeyOperation.Write.NONE, put.write);
        assertEquals(List.of("write k=v"), fixture.writerCalls);
        assertEquals(Change.DELETE, decide(put, entry("old", NOW - 1, null)), "the expired row goes");
    }

    @Test
    void getAndPutReturnsTheLiveValueAsAHitAndNothingForAnExpiredOneAsAMiss() {
        Put<String, String> getAndPut = new Put<>("k", "new", true, fixture.context());
        decide(getAndPut, entry("old", NOW + 1, null));
        assertEquals("old", getAndPut.result);
        assertEquals(KeyOperation.Access.HIT, getAndPut.access);
        decide(getAndPut, entry("old", NOW, null));
        assertNull(getAndPut.result);
        assertEquals(KeyOperation.Access.MISS, getAndPut.access);
    }

    @Test
    void aRetriedDecisionStartsFromACleanOutcome() {
        Put<String, String> put = new Put<>("k", "v", false, fixture.context());
        decide(put, null);
        decide(put, null);
        assertEquals(List.of(event(EventType.CREATED, "k", "v", null)), put.events.recorded());
    }
}
