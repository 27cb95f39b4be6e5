package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Shard folder names as Python's diskcache writes them ('%03d'), built without String.format. */
class FanoutLayoutTest {
    @Test
    void shardNamesHaveThreeDigits() {
        assertEquals(List.of("000", "007", "010", "042", "100", "999"),
                List.of(0, 7, 10, 42, 100, 999).stream().map(FanoutLayout::shardName).toList());
    }
}
