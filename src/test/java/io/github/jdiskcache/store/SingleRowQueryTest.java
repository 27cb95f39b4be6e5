package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleRowQueryTest {
    private static final String BY_ID = "SELECT i, r, t, b, n FROM t WHERE id = ?";

    @TempDir
    Path directory;

    private Connection reader;
    private Connection writer;

    @BeforeEach
    void open() throws SQLException {
        String url = "jdbc:sqlite:" + directory.resolve("db.sqlite");
        reader = DriverManager.getConnection(url);
        writer = DriverManager.getConnection(url);
        try (Statement statement = writer.createStatement()) {
            statement.executeQuery("PRAGMA journal_mode = wal").close();
            statement.executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY, i, r, t, b, n)");
            statement.executeUpdate("INSERT INTO t VALUES (1, 5, 1.5, 'é', x'0102', NULL)");
            statement.executeUpdate("INSERT INTO t VALUES (2, 1099511627776, -0.0, '', x'', NULL)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        reader.close();
        writer.close();
    }

    private <T> T select(long id, SingleRowQuery.RowReader<T> rowReader) throws SQLException {
        PreparedStatement statement = reader.prepareStatement(BY_ID);
        return SingleRowQuery.select(statement, new Object[] {id}, rowReader);
    }

    private Object firstColumn(long id) throws SQLException {
        return select(id, row -> row.value(1));
    }

    @Test
    void givesEachColumnAsTheStoreTypesWithIntegersAlwaysLong() throws SQLException {
        List<?> first = select(1, row -> List.of(row.value(1), row.value(2), row.value(3), row.value(4)));
        assertEquals(5L, first.get(0));
        assertEquals(Long.class, first.get(0).getClass());
        assertEquals(1.5, first.get(1));
        assertEquals("é", first.get(2));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) first.get(3));

        List<?> second = select(2, row -> List.of(row.value(1), row.value(2), row.value(3), row.value(4)));
        assertEquals(1L << 40, second.get(0));
        assertEquals(-0.0, second.get(1));
        assertEquals("", second.get(2));
        assertArrayEquals(new byte[0], (byte[]) second.get(3));
    }

    @Test
    void readsNullAsNullAndNumbersWithSqlitesConversions() throws SQLException {
        AtomicBoolean read = new AtomicBoolean();
        select(1, row -> {
            assertNull(row.value(5));
            assertNull(row.text(5));
            assertNull(row.nullableReal(5));
            assertEquals(0, row.integer(5));
            assertEquals(0L, row.longInteger(5));
            assertEquals(1.5, row.nullableReal(2));
            assertEquals(5.0, row.nullableReal(1));
            assertEquals(5, row.integer(1));
            assertEquals("5", row.text(1));
            read.set(true);
            return null;
        });
        assertEquals(true, read.get());
    }

    @Test
    void findsNothingWithoutCallingTheReader() throws SQLException {
        assertNull(select(3, row -> {
            throw new AssertionError("called for a missing row");
        }));
    }

    @Test
    void leavesNoReadSnapshotSoTheNextReadSeesAnotherConnectionsCommit() throws SQLException {
        assertEquals(Long.valueOf(5), firstColumn(1));
        assertEquals(0, busyCheckpoint(), "the read still holds its snapshot");

        try (Statement statement = writer.createStatement()) {
            statement.executeUpdate("UPDATE t SET i = 6 WHERE id = 1");
        }
        assertEquals(Long.valueOf(6), firstColumn(1));
    }

    @Test
    void resetsTheStatementWhenTheReaderFails() throws SQLException {
        IllegalStateException failure = new IllegalStateException("reader failed");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> select(1, row -> {
            throw failure;
        })));
        assertEquals(0, busyCheckpoint(), "the failed read still holds its snapshot");
        assertEquals(Long.valueOf(5), firstColumn(1));
    }

    /** 1 when a reader's snapshot keeps a TRUNCATE checkpoint from finishing, else 0. */
    private int busyCheckpoint() throws SQLException {
        try (Statement statement = writer.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            result.next();
            return result.getInt(1);
        }
    }
}
