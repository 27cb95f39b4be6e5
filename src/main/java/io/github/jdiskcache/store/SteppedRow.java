package io.github.jdiskcache.store;

import java.sql.SQLException;

import org.sqlite.core.Codes;
import org.sqlite.core.DB;

/**
 * The row a {@link SingleRowQuery} stepped onto, read column by column (numbered from 1, as in
 * JDBC) while the statement is on it. Values come back as the store's types: an integer is always
 * a {@code Long}, where sqlite-jdbc's {@code getObject} gives an {@code Integer} when it fits.
 */
final class SteppedRow {
    private final DB db;
    private final long statement;

    SteppedRow(DB db, long statement) {
        this.db = db;
        this.statement = statement;
    }

    /** The column as SQLite holds it: Long, Double, String, byte[] or null. */
    Object value(int column) throws SQLException {
        int index = column - 1;
        return switch (db.column_type(statement, index)) {
            case Codes.SQLITE_INTEGER -> db.column_long(statement, index);
            case Codes.SQLITE_FLOAT -> db.column_double(statement, index);
            case Codes.SQLITE_BLOB -> db.column_blob(statement, index);
            case Codes.SQLITE_NULL -> null;
            default -> db.column_text(statement, index);
        };
    }

    /** The column as an int, 0 for NULL (SQLite's conversion). */
    int integer(int column) throws SQLException {
        return db.column_int(statement, column - 1);
    }

    /** The column as a long, 0 for NULL (SQLite's conversion). */
    long longInteger(int column) throws SQLException {
        return db.column_long(statement, column - 1);
    }

    /** The column as text, or null for NULL. */
    String text(int column) throws SQLException {
        return db.column_text(statement, column - 1);
    }

    /** The column as a double, or null for NULL. */
    Double nullableReal(int column) throws SQLException {
        int index = column - 1;
        return db.column_type(statement, index) == Codes.SQLITE_NULL ? null : db.column_double(statement, index);
    }
}
