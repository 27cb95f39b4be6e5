package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapped wal-index header of a WAL database held open by a plain connection. */
class WalIndexHeaderTest {
    @TempDir
    Path directory;

    private Connection database;
    private WalIndexHeader header;

    @BeforeEach
    void open() throws SQLException {
        database = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cache.db"));
        try (Statement statement = database.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE t (v INTEGER)");
        }
        header = WalIndexHeader.map(directory.resolve("cache.db-shm"));
        assertNotNull(header);
    }

    @AfterEach
    void close() throws SQLException {
        header.close();
        database.close();
    }

    private void commit() throws SQLException {
        try (Statement statement = database.createStatement()) {
            statement.execute("INSERT INTO t VALUES (1)");
        }
    }

    @Test
    void everyCommitChangesTheHeaderByOneCommit() throws SQLException {
        long[] before = header.read();
        assertTrue(header.isAt(before));
        commit();
        long[] after = header.read();
        assertFalse(header.isAt(before));
        assertTrue(WalIndexHeader.isNextCommit(before, after));
    }

    /** Readers on many threads (so on every stripe of the reader count) while it closes: none fails, none reads after. */
    @Test
    void readersOnManyThreadsSeeItClosedAndNoneReadsAfterward() throws Exception {
        long[] known = header.read();
        int threads = 24;
        ExecutorService readers = Executors.newFixedThreadPool(threads);
        AtomicBoolean closedSeenByAll = new AtomicBoolean(true);
        CountDownLatch allReading = new CountDownLatch(threads);
        CountDownLatch closed = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(readers.submit(() -> {
                    allReading.countDown();
                    while (closed.getCount() > 0) {
                        header.isAt(known);
                        header.read();
                    }
                    if (header.read() != null || header.isAt(known)) {
                        closedSeenByAll.set(false);
                    }
                    return null;
                }));
            }
            allReading.await();
            header.close();
            closed.countDown();
            for (Future<?> reader : running) {
                reader.get(1, TimeUnit.MINUTES);
            }
        } finally {
            readers.shutdownNow();
        }
        assertTrue(closedSeenByAll.get(), "a reader read a closed header");
        assertNull(header.read());
        assertEquals(false, header.isAt(known));
    }
}
