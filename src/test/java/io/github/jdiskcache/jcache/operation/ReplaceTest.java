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

import org.junit.jupiter.api.Test;

import io.github.jdiskcache.store.ComputeFixture.Change;

/** replace(k, v) and getAndReplace. */
class ReplaceTest {
    private final OperationFixture fixture = new OperationFixture();

    @Test
    void aLiveEntryIsReplacedAndItsValueReturnedAsAHit() {
        Replace<String, String> replace = new Replace<>("k", "new", fixture.context());
        assertEquals(Change.set("new", NOW + 3, null), decide(replace, entry("old", NOW + 3, null)));
        assertEquals("old", replace.result);
        assertEquals(KeyOperation.Access.HIT, replace.access);
        assertEquals(KeyOperation.Write.PUT, replace.write);
        assertEquals(List.of("write k=new"), fixture.writerCalls);
    }

    @Test
    void anExpiredEntryIsAMissThatStaysForTheCleanup() {
        Replace<String, String> replace = new Replace<>("k", "new", fixture.context());
        assertEquals(Change.KEEP, decide(replace, entry("old", NOW, null)));
        assertNull(replace.result);
        assertEquals(KeyOperation.Access.MISS, replace.access);
        assertEquals(List.of(), fixture.writerCalls);
    }
}
