package io.github.jdiskcache.jcache.operation;

import static io.github.jdiskcache.jcache.operation.OperationFixture.NOW;
import static io.github.jdiskcache.jcache.operation.OperationFixture.decide;
import static io.github.jdiskcache.jcache.operation.OperationFixture.event;
import static io.github.jdiskcache.store.ComputeFixture.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import javax.cache.event.EventType;

import org.junit.jupiter.api.Test;

import io.github.jdiskcache.store.ComputeFixture.Change;

/** What loads and putAll store: never through the writer; a load never over a live entry. */
class LoadAndStoreTest {
    private final OperationFixture fixture = new OperationFixture();

    @Test
    void aReadThroughLoadKeepsAnEntryThatBecameLiveMeanwhile() {
        Load<String, String> load = new Load<>("k", "loaded", fixture.listening().context());
        assertEquals(Change.KEEP, decide(load, entry("other", null, null)));
        assertEquals(Change.set("loaded", null, null), decide(load, entry("old", NOW, null)));
        assertEquals(List.of(event(EventType.CREATED, "k", "loaded", null)), load.events.recorded(),
                "the read that found it expired reported that already");
        assertEquals(List.of(), fixture.writerCalls);
    }

    @Test
    void aLoadedEntryReplacesALiveOneOnlyWhenAskedTo() {
        StoreGiven<String, String> keeping = new StoreGiven<>("k", "loaded", false, fixture.context());
        assertEquals(Change.KEEP, decide(keeping, entry("live", null, null)));
        assertEquals(KeyOperation.Write.NONE, keeping.write);
        StoreGiven<String, String> replacing = new StoreGiven<>("k", "loaded", true, fixture.context());
        assertEquals(Change.set("loaded", null, null), decide(replacing, entry("live", null, null)));
        assertEquals(KeyOperation.Write.PUT, replacing.write);
        assertEquals(List.of(), fixture.writerCalls, "putAll wrote through before, loads never do");
    }

    @Test
    void aRowFoundExpiredIsRemovedUnlessAWriterRevivedIt() {
        RemoveExpired<String, String> removal = new RemoveExpired<>("k", NOW, fixture.listening().context());
        assertEquals(Change.KEEP, decide(removal, entry("revived", NOW + 1, null)), "a writer revived it");
        assertEquals(Change.DELETE, decide(removal, entry("old", NOW, null)));
        assertEquals(List.of(event(EventType.EXPIRED, "k", "old", "old")), removal.events.recorded());
    }

    @Test
    void removeAllDeletesWhateverIsThereButCountsOnlyLiveEntries() {
        RemoveAny<String, String> removal = new RemoveAny<>("k", fixture.listening().context());
        assertEquals(Change.DELETE, decide(removal, entry("old", NOW, null)));
        assertEquals(KeyOperation.Write.NONE, removal.write);
        assertEquals(List.of(event(EventType.EXPIRED, "k", "old", "old")), removal.events.recorded());
        assertEquals(Change.DELETE, decide(removal, entry("v", null, null)));
        assertEquals(KeyOperation.Write.REMOVAL, removal.write);
        assertEquals(List.of(event(EventType.REMOVED, "k", "v", "v")), removal.events.recorded());
        assertEquals(Change.KEEP, decide(removal, null));
    }
}
