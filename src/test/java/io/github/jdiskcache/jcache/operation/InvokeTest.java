package io.github.jdiskcache.jcache.operation;

import static io.github.jdiskcache.jcache.operation.OperationFixture.NOW;
import static io.github.jdiskcache.jcache.operation.OperationFixture.decide;
import static io.github.jdiskcache.jcache.operation.OperationFixture.event;
import static io.github.jdiskcache.store.ComputeFixture.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.github.jdiskcache.store.ComputeFixture.unreadableHere;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import javax.cache.event.EventType;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;

import org.junit.jupiter.api.Test;

import io.github.jdiskcache.store.ComputeFixture.Change;

/** invoke: the processor runs on the entry found, and what it did becomes the change. */
class InvokeTest {
    private final OperationFixture fixture = new OperationFixture();

    private <T> Invoke<String, String, T> invoke(EntryProcessor<String, String, T> processor) {
        return new Invoke<>("k", processor, new Object[0], null, fixture.context());
    }

    @Test
    void readingALiveValueIsAHitWithTheAccessExpiry() {
        fixture.expiring(new AccessedExpiryPolicy(OperationFixture.TEN_SECONDS));
        Invoke<String, String, String> invoke = invoke((entry, arguments) -> entry.getValue());
        assertEquals(Change.expireAt(NOW + 10), decide(invoke, entry("v", NOW + 1, null)));
        assertEquals("v", invoke.result);
        assertEquals(KeyOperation.Access.HIT, invoke.access);
        assertEquals(KeyOperation.Write.NONE, invoke.write);
    }

    @Test
    void anExpiredEntryLeftAloneIsReportedAndRemoved() {
        fixture.listening();
        Invoke<String, String, Boolean> invoke = invoke((entry, arguments) -> entry.exists());
        assertEquals(Change.DELETE, decide(invoke, entry("old", NOW, null)));
        assertEquals(false, invoke.result);
        assertEquals(KeyOperation.Access.MISS, invoke.access);
        assertEquals(List.of(event(EventType.EXPIRED, "k", "old", "old")), invoke.events.recorded());
    }

    @Test
    void aValueUnreadableHereIsLeftAloneUnlessTheProcessorWrites() {
        Invoke<String, String, Object> invoke = invoke((entry, arguments) -> entry.getValue());
        assertEquals(Change.KEEP, decide(invoke, unreadableHere(null)));
        assertEquals(KeyOperation.Access.MISS, invoke.access);
    }

    @Test
    void settingAValueCreatesItThroughTheWriterAsAPut() {
        Invoke<String, String, Object> invoke = invoke((entry, arguments) -> {
            entry.setValue("v");
            return null;
        });
        assertEquals(Change.set("v", null, null), decide(invoke, null));
        assertEquals(KeyOperation.Write.PUT, invoke.write);
        assertEquals(List.of("write k=v"), fixture.writerCalls);
    }

    @Test
    void updatingCarriesTheOldValueToListeners() {
        Invoke<String, String, Object> invoke = invoke((entry, arguments) -> {
            entry.setValue(entry.getValue() + "+");
            return null;
        });
        assertEquals(Change.set("v+", null, "tag"), decide(invoke, entry("v", null, "tag")));
        assertEquals(List.of(event(EventType.UPDATED, "k", "v+", "v")), invoke.events.recorded());
    }

    @Test
    void removingALiveEntryIsARemovalAndAMissingOneOnlyTellsTheWriter() {
        Invoke<String, String, Object> invoke = invoke((entry, arguments) -> {
            entry.remove();
            return null;
        });
        assertEquals(Change.DELETE, decide(invoke, entry("v", null, null)));
        assertEquals(KeyOperation.Write.REMOVAL, invoke.write);
        assertEquals(Change.KEEP, decide(invoke, null));
        assertEquals(KeyOperation.Write.NONE, invoke.write);
        assertEquals(List.of("delete k", "delete k"), fixture.writerCalls);
    }

    @Test
    void aLoadedValueIsStoredButNotCountedAsAPut() {
        Invoke<String, String, Object> invoke = new Invoke<>("k", (entry, arguments) -> entry.getValue(), new Object[0],
                key -> "loaded-" + key, fixture.context());
        assertEquals(Change.set("loaded-k", null, null), decide(invoke, null));
        assertEquals("loaded-k", invoke.result);
        assertEquals(KeyOperation.Write.NONE, invoke.write);
        assertEquals(List.of(), fixture.writerCalls, "a load is not written back");
    }

    @Test
    void aProcessorsCheckedFailureIsWrapped() {
        Invoke<String, String, Object> invoke = invoke((entry, arguments) -> {
            throw new IllegalStateException("boom");
        });
        EntryProcessorException thrown = assertThrows(EntryProcessorException.class, () -> decide(invoke, null));
        assertInstanceOf(IllegalStateException.class, thrown.getCause());
    }
}
