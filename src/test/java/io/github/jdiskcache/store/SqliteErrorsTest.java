package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class SqliteErrorsTest {
    private final SqliteErrors errors = new SqliteErrors(Path.of("shard", Shard.DATABASE_FILE));

    private StoreException translated(SQLiteErrorCode code) {
        return errors.translate(new SQLiteException("sqlite says " + code, code), "reading");
    }

    @Test
    void aBusyOrLockedDatabaseIsALockTimeoutWhateverItsExtendedCode() {
        assertInstanceOf(LockTimeoutException.class, translated(SQLiteErrorCode.SQLITE_BUSY));
        assertInstanceOf(LockTimeoutException.class, translated(SQLiteErrorCode.SQLITE_LOCKED));
        assertInstanceOf(LockTimeoutException.class, translated(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT));
    }

    @Test
    void aCorruptDatabaseIsABrokenShardThatSaysHowToRepairIt() {
        StoreException corrupt = translated(SQLiteErrorCode.SQLITE_CORRUPT);
        assertInstanceOf(BrokenShardException.class, corrupt);
        assertInstanceOf(BrokenShardException.class, translated(SQLiteErrorCode.SQLITE_NOTADB));
        assertTrue(corrupt.getMessage().contains("check(true)"));
    }

    @Test
    void anyOtherErrorIsAPlainStoreExceptionNamingTheDatabase() {
        StoreException other = translated(SQLiteErrorCode.SQLITE_IOERR);
        assertEquals(StoreException.class, other.getClass());
        assertTrue(other.getMessage().contains(Shard.DATABASE_FILE));
    }
}
