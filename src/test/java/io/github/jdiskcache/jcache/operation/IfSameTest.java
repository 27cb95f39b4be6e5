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
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;

import org.junit.jupiter.api.Test;

import io.github.jdiskcache.store.ComputeFixture.Change;

/** remove(k, v) and replace(k, old, new). */
class IfSameTest {
    private final OperationFixture fixture = new OperationFixture();

    @Test
    void anAbsentEntryIsAMissAndNothingIsWritten() {
        RemoveIfSame<String, String> remove = new RemoveIfSame<>("k", "v", fixture.context());
        assertEquals(Change.KEEP, decide(remove, entry("v", NOW - 1, null)));
        assertFalse(remove.result);
        assertEquals(KeyOperation.Access.MISS, remove.access);
        assertEquals(List.of(), fixture.writerCalls);
    }

    @Test
    void aDifferentValueIsAHitThatTakesTheAccessExpiry() {
        ReplaceIfSame<String, String> replace = new ReplaceIfSame<>("k", "expected", "new",
                fixture.expiring(new AccessedExpiryPolicy(TEN_SECONDS)).context());
        assertEquals(Change.expireAt(NOW + 10), decide(replace, entry("other", null, null)));
        assertFalse(replace.result);
        assertEquals(KeyOperation.Access.HIT, replace.access);
        assertEquals(KeyOperation.Write.NONE, replace.write);
    }

    @Test
    void equalArraysMatch() {
        RemoveIfSame<String, Object> remove = new RemoveIfSame<>("k", new int[] {1, 2}, fixture.contextOf(Object.class));
        assertEquals(Change.DELETE, decide(remove, entry(new int[] {1, 2}, null, null)));
        assertTrue(remove.result);
    }

    @Test
    void theExpectedValueIsRemovedThroughTheWriter() {
        RemoveIfSame<String, String> remove = new RemoveIfSame<>("k", "v", fixture.context());
        assertEquals(Change.DELETE, decide(remove, entry("v", null, null)));
        assertTrue(remove.result);
        assertEquals(KeyOperation.Write.REMOVAL, remove.write);
        assertEquals(List.of(event(EventType.REMOVED, "k", "v", "v")), remove.events.recorded());
        assertEquals(List.of("delete k"), fixture.writerCalls);
    }

    @Test
    void theExpectedValueIsReplacedThroughTheWriterWithTheUpdateExpiry() {
        ReplaceIfSame<String, String> replace = new ReplaceIfSame<>("k", "old", "new",
                fixture.expiring(new ModifiedExpiryPolicy(TEN_SECONDS)).context());
        assertEquals(Change.set("new", NOW + 10, "tag"), decide(replace, entry("old", null, "tag")));
        assertTrue(replace.result);
        assertEquals(KeyOperation.Write.PUT, replace.write);
        assertEquals(List.of(event(EventType.UPDATED, "k", "new", "old")), replace.events.recorded());
        assertEquals(List.of("write k=new"), fixture.writerCalls);
    }
}
