package io.github.jdiskcache.store;

import java.nio.file.Path;
import java.sql.SQLException;

import org.sqlite.SQLiteException;

/** What an SQLite error on one database means to a caller: a typed {@link StoreException}. */
final class SqliteErrors {
    /** Primary SQLite result codes this class tells apart. */
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    private final Path databaseFile;

    SqliteErrors(Path databaseFile) {
        this.databaseFile = databaseFile;
    }

    static boolean isBusy(SQLException e) {
        int primary = primaryResultCode(e);
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    }

    static int primaryResultCode(SQLException e) {
        int code = e instanceof SQLiteException sqlite ? sqlite.getResultCode().code : e.getErrorCode();
        return code & 0xFF;
    }

    /**
     * Translates an error met on {@code connection} and marks the connection broken, so the pool
     * closes it instead of handing it out again: only a busy database leaves a connection as it was.
     */
    StoreException failure(PooledConnection connection, SQLException e, String doing) {
        if (!isBusy(e)) {
            connection.markBroken();
        }
        return translate(e, doing);
    }

    StoreException translate(SQLException e, String doing) {
        if (isBusy(e)) {
            return new LockTimeoutException("database " + databaseFile + " is locked (" + doing + "): " + e.getMessage(), e);
        }
        int primary = primaryResultCode(e);
        if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
            return new BrokenShardException("database " + databaseFile + " is corrupt (" + doing + "): " + e.getMessage()
                    + "; entries on undamaged pages may still read. Repair it with check(true), on the command line"
                    + " 'jdiskcache check <cache directory> --fix', which moves the damaged database aside and"
                    + " restarts this shard empty", e);
        }
        return new StoreException(doing + " " + databaseFile + " failed: " + e.getMessage(), e);
    }
}
