package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardQueueTest {
    /** Bytes of a Java serialization stream naming a class no process has: readable by no one here. */
    private static final String UNREADABLE = "x'aced0005737200106e6f2e737563682e436c617373'";

    @TempDir
    Path directory;

    private ShardParts parts;
    private ShardQueue queue;

    @BeforeEach
    void open() {
        parts = new ShardParts(directory, false);
        queue = parts.queue;
    }

    @AfterEach
    void close() {
        parts.close();
    }

    private Object push(Object value, String prefix, Shard.Side side) {
        return queue.push(value, prefix, side, null, null);
    }

    private Object pull(String prefix, Shard.Side side) {
        Shard.QueueItem item = queue.take(prefix, side, true);
        return item == null ? null : item.value();
    }

    @Test
    void eachSideIsFirstInFirstOutFromTheOtherAndLastInFirstOutFromItself() {
        push(1L, null, Shard.Side.BACK);
        push(2L, null, Shard.Side.BACK);
        push(3L, null, Shard.Side.BACK);
        push(0L, null, Shard.Side.FRONT);
        push(-1L, null, Shard.Side.FRONT);
        assertEquals(-1L, pull(null, Shard.Side.FRONT), "the last pushed to the front comes first from the front");
        assertEquals(3L, pull(null, Shard.Side.BACK), "the last pushed to the back comes first from the back");
        assertEquals(0L, pull(null, Shard.Side.FRONT));
        assertEquals(1L, pull(null, Shard.Side.FRONT), "the first pushed to the back comes first from the front");
        assertEquals(2L, pull(null, Shard.Side.BACK));
        assertNull(pull(null, Shard.Side.BACK));
        assertEquals(0, parts.size());
    }

    @Test
    void queuesUnderDifferentPrefixesAndOrdinaryKeysStayApart() {
        assertEquals("jobs-500000000000000", push("job", "jobs", Shard.Side.BACK));
        assertEquals("mail-500000000000000", push("mail", "mail", Shard.Side.BACK));
        assertEquals(500_000_000_000_000L, push("plain", null, Shard.Side.BACK));
        parts.entries.set("jobs-note", "not queued", null, null);
        parts.entries.set(-7L, "below the queue's range", null, null);
        parts.entries.set(1_000_000_000_000_000L, "above the queue's range", null, null);

        assertEquals("mail", pull("mail", Shard.Side.FRONT));
        assertNull(pull("mail", Shard.Side.BACK));
        assertEquals("job", pull("jobs", Shard.Side.BACK));
        assertNull(pull("jobs", Shard.Side.FRONT), "a key that only starts like the queue's is no item of it");
        assertEquals("plain", pull(null, Shard.Side.FRONT));
        assertNull(pull(null, Shard.Side.BACK), "integer keys outside the queue's range are no items of it");
        assertEquals(3, parts.size());
    }

    @Test
    void expiredItemsMetAtEitherSideAreDroppedEvenByAPeek() {
        queue.push("old front", null, Shard.Side.BACK, 1.0, null);
        push("live", null, Shard.Side.BACK);
        queue.push("old back", null, Shard.Side.BACK, 1.0, null);
        parts.clock.advance(Duration.ofSeconds(2));
        assertEquals("live", queue.take(null, Shard.Side.BACK, false).value());
        assertEquals(2, parts.size(), "the expired back item is gone, the front one not yet met");
        assertEquals("live", queue.take(null, Shard.Side.FRONT, false).value());
        assertEquals(1, parts.size());
    }

    @Test
    void itemsOnlyAnotherReaderCanReadAreSteppedOverAndLeftQueued() throws Exception {
        Object first = push("to be unreadable", null, Shard.Side.BACK);
        push("front", null, Shard.Side.FRONT);
        push("back", null, Shard.Side.BACK);
        ShardFiles.execute(directory, "UPDATE Cache SET mode = " + ValueMode.SERIALIZED + ", value = " + UNREADABLE
                + " WHERE key = " + first);

        assertEquals("front", pull(null, Shard.Side.FRONT));
        assertEquals("back", queue.take(null, Shard.Side.FRONT, false).value(), "stepped over from the front");
        assertEquals("back", pull(null, Shard.Side.BACK));
        assertNull(pull(null, Shard.Side.BACK), "stepped over from the back");
        assertNull(pull(null, Shard.Side.FRONT));
        assertEquals(1, parts.size(), "the unreadable item stays for the readers that can read it");
    }

    // Moved from ShardTest.

    @Test
    void queuePushPullPeek() {
        Object first = push("a", null, Shard.Side.BACK);
        Object second = push("b", null, Shard.Side.BACK);
        Object front = push("z", null, Shard.Side.FRONT);
        assertEquals(500_000_000_000_000L, first);
        assertEquals(500_000_000_000_001L, second);
        assertEquals(499_999_999_999_999L, front);
        assertEquals("z", queue.take(null, Shard.Side.FRONT, false).value());
        assertEquals("z", pull(null, Shard.Side.FRONT));
        assertEquals("b", pull(null, Shard.Side.BACK));
        assertEquals("a", pull(null, Shard.Side.FRONT));
        assertNull(queue.take(null, Shard.Side.FRONT, true));
        Object named = push("job", "jobs", Shard.Side.BACK);
        assertEquals("jobs-500000000000000", named);
        parts.entries.set("unrelated", "x", null, null);
        assertEquals("job", pull("jobs", Shard.Side.FRONT));
        assertNull(queue.take("jobs", Shard.Side.FRONT, true));
    }

    @Test
    void pullSkipsAndDeletesExpiredItems() {
        queue.push("old", null, Shard.Side.BACK, 1.0, null);
        push("new", null, Shard.Side.BACK);
        parts.clock.advance(Duration.ofSeconds(2));
        assertEquals("new", queue.take(null, Shard.Side.FRONT, false).value());
        assertEquals(1, parts.size());
    }

    @Test
    void peekItemInInsertionOrder() {
        assertThrows(NoSuchElementException.class, () -> queue.peekItem(true));
        parts.entries.set("a", 1L, null, null);
        parts.entries.set("b", 2L, 1.0, null);
        parts.clock.advance(Duration.ofSeconds(2));
        assertEquals("a", queue.peekItem(true).key());
        assertEquals("a", queue.peekItem(false).key());
        assertEquals(1, parts.size());
    }
}
