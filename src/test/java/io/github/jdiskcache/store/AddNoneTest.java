package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Shard#addNone}: Python's None stored as the pickle of None at the shard's protocol (mode 4),
 * with or without {@code picklePlainValues}, read back as a miss, seen by {@code compute}; a null
 * value stays refused.
 */
class AddNoneTest {
    @TempDir
    Path directory;

    @Test
    void isStoredAsThePickleOfNoneAndReadsAsAMiss() throws Exception {
        try (Shard shard = Shard.open(directory, Settings.none(), StoreOptions.defaults())) {
            assertTrue(shard.addNone("lock", 60.0, null));
            assertFalse(shard.addNone("lock", 60.0, null), "the row is there: a second add loses");
            assertNull(shard.get("lock"));
            assertNull(shard.getEntry("lock"));
            assertFalse(shard.contains("lock"), "contains agrees with get");
            boolean[] seen = new boolean[1];
            shard.compute("lock", current -> {
                seen[0] = current != null;
                return EntryChange.keep();
            });
            assertTrue(seen[0], "compute sees the row");
            assertThrows(NullPointerException.class, () -> shard.set("other", null), "null is still refused");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cache.db"));
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT mode, size, filename, value FROM Cache WHERE key = 'lock'")) {
            assertTrue(row.next());
            assertEquals(4, row.getInt(1));
            assertEquals(0, row.getLong(2));
            assertNull(row.getString(3));
            assertArrayEquals(new byte[] {(byte) 0x80, 5, 'N', '.'}, row.getBytes(4));
        }
    }

    @Test
    void isPickledAtTheShardsProtocol() throws Exception {
        for (int protocol : new int[] {0, 2, 4}) {
            Settings settings = Settings.builder().set(Settings.DISK_PICKLE_PROTOCOL, String.valueOf(protocol)).build();
            Path shardDirectory = directory.resolve("p" + protocol);
            try (Shard shard = Shard.open(shardDirectory, settings, StoreOptions.defaults())) {
                shard.addNone("none", null, null);
            }
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + shardDirectory.resolve("cache.db"));
                 ResultSet row = connection.createStatement().executeQuery("SELECT value FROM Cache")) {
                assertTrue(row.next());
                byte[] expected = protocol == 0 ? new byte[] {'N', '.'} : new byte[] {(byte) 0x80, (byte) protocol, 'N', '.'};
                assertArrayEquals(expected, row.getBytes(1), "protocol " + protocol);
            }
        }
    }
}
