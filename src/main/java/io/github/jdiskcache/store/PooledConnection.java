package io.github.jdiskcache.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConnection;

/** One SQLite connection with its prepared statements, used by one thread at a time. */
final class PooledConnection implements AutoCloseable {
    private final SQLiteConnection connection;
    private final ShortNapBusyHandler busyHandler;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private int appliedPragmaVersion = -1;
    private boolean broken;
    /** Where {@link ConnectionPool} keeps it while idle; -1 before its first return. */
    private int idleSlot = -1;

    PooledConnection(SQLiteConnection connection, int lockTimeoutMillis) throws SQLException {
        this.connection = connection;
        this.busyHandler = new ShortNapBusyHandler(lockTimeoutMillis);
        BusyHandler.setHandler(connection, busyHandler);
    }

    Connection jdbc() {
        return connection;
    }

    /** A cached prepared statement; statements are reused for the life of the connection. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    void execute(String sql) throws SQLException {
        prepare(sql).execute();
    }

    /** Waits for other processes' locks end within {@code millis}, until {@link #fullBusyTimeout()}. */
    void busyTimeoutMillis(long millis) {
        busyHandler.limitTo(millis);
    }

    void fullBusyTimeout() {
        busyHandler.unlimit();
    }

    int appliedPragmaVersion() {
        return appliedPragmaVersion;
    }

    void appliedPragmaVersion(int version) {
        this.appliedPragmaVersion = version;
    }

    /**
     * Marks the connection unfit for reuse. sqlite-jdbc finalizes a statement whose step failed
     * (anything but busy or locked) yet leaves it in our statement cache, where every later use
     * fails with "statement is not executing", hiding the real cause (a corrupt page, a full disk).
     */
    void markBroken() {
        broken = true;
    }

    boolean isBroken() {
        return broken;
    }

    int idleSlot() {
        return idleSlot;
    }

    void idleSlot(int slot) {
        this.idleSlot = slot;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
        connection.close();
    }
}
