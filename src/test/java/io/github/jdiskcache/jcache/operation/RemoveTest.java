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
import static io.github.jdiskcache.store.ComputeFixture.damaged;
import static io.github.jdiskcache.store.ComputeFixture.unreadableHere;

import java.util.List;

import javax.cache.event.EventType;

import org.junit.jupiter.api.Test;

import io.github.jdiskcache.store.ComputeFixture.Change;

/** remove(k), getAndRemove and an iterator's remove. */
class RemoveTest {
    private final OperationFixture fixture = new OperationFixture();

    @Test
    void aLiveEntryIsDeletedAfterTheWriterDeletedIt() {
        Remove<String, String> remove = new Remove<>("k", false, fixture.listening().context());
        assertEquals(Change.DELETE, decide(remove, entry("v", NOW + 1, null)));
        assertTrue(remove.removed());
        assertEquals(KeyOperation.Access.NONE, remove.access);
        assertEquals(List.of(event(EventType.REMOVED, "k", "v", "v")), remove.events.recorded());
        assertEquals(List.of("delete k"), fixture.writerCalls);
    }

    @Test
    void theWriterDeletesTheKeyEvenWhenNoLiveEntryIsThere() {
        Remove<String, String> remove = new Remove<>("k", false, fixture.context());
        assertEquals(Change.KEEP, decide(remove, entry("v", NOW, null)));
        assertFalse(remove.removed());
        assertEquals(List.of(), remove.events.recorded());
        assertEquals(List.of("delete k"), fixture.writerCalls);
    }

    @Test
    void getAndRemoveReturnsTheValueAsAHit() {
        Remove<String, String> getAndRemove = new Remove<>("k", true, fixture.context());
        assertEquals(Change.DELETE, decide(getAndRemove, entry("v", null, null)));
        assertEquals("v", getAndRemove.result);
        assertEquals(KeyOperation.Access.HIT, getAndRemove.access);
        assertEquals(KeyOperation.Write.REMOVAL, getAndRemove.write);
    }

    @Test
    void getAndRemoveOfADamagedValueIsAMissThatRemovesNothingItself() {
        Remove<String, String> getAndRemove = new Remove<>("k", true, fixture.context());
        assertEquals(Change.KEEP, decide(getAndRemove, damaged(null)));
        assertFalse(getAndRemove.removed());
        assertEquals(KeyOperation.Access.MISS, getAndRemove.access);
    }

    @Test
    void aValueUnreadableHereIsRemovedOnRequestWithNoValueToTell() {
        Remove<String, String> getAndRemove = new Remove<>("k", true, fixture.listening().context());
        assertEquals(Change.DELETE, decide(getAndRemove, unreadableHere(null)));
        assertTrue(getAndRemove.removed());
        assertNull(getAndRemove.result);
        assertEquals(KeyOperation.Access.MISS, getAndRemove.access);
        assertEquals(List.of(), getAndRemove.events.recorded(), "listeners hear of no value they cannot get");
    }

    @Test
    void withoutListenersARemovalIsStillRecordedWithoutItsValue() {
        Remove<String, String> remove = new Remove<>("k", false, fixture.context());
        decide(remove, unreadableHere(null));
        assertEquals(List.of(event(EventType.REMOVED, "k", null, null)), remove.events.recorded());
    }
}
