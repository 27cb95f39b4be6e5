package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionRunnerTest {
    @TempDir
    Path directory;

    @Test
    void aReadInsideAWriteSeesItsUncommittedRowAndARollbackLeavesNothing() {
        try (ShardParts parts = new ShardParts(directory, false)) {
            DbKey key = parts.disk.encodeKey("k");
            StoredValue stored = parts.disk.store("x".repeat(1000));
            Path file = directory.resolve(stored.filename());
            assertTrue(Files.exists(file));

            assertThrows(IllegalStateException.class, () -> parts.transactions.write(stored.filename(), transaction -> {
                RowStore.writeRow(transaction, null, key, stored, parts.now(), null, null);
                assertNotNull(parts.entryRow(key), "a read on the writing thread joins its transaction");
                throw new IllegalStateException("the write changes its mind");
            }));

            assertNull(parts.entryRow(key));
            assertFalse(Files.exists(file), "the value file written for the rolled-back write is removed");
            assertFalse(parts.transactions.inTransaction());
        }
    }

    @Test
    void aReadOnlyRunnerRefusesWritesAndRemovesTheFileWrittenForThem() {
        try (ShardParts parts = new ShardParts(directory, true)) {
            StoredValue stored = parts.disk.store("x".repeat(1000));
            Path file = directory.resolve(stored.filename());

            assertThrows(ReadOnlyCacheException.class, () -> parts.transactions.write(stored.filename(),
                    transaction -> null));

            assertFalse(Files.exists(file));
        }
    }
}
