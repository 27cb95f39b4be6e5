package io.github.jdiskcache.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.sqlite.core.CoreStatement;
import org.sqlite.core.SafeStmtPtr;

/**
 * Runs a SELECT that finds at most one row — a lookup by the unique {@code (key, raw)} index —
 * straight on sqlite-jdbc's prepared statement: binds, steps once, hands the row to a reader and
 * resets. A by-key read through sqlite-jdbc's {@code ResultSet} costs ~1.3 µs more (of 5–7 µs): it
 * fetches every column's name through JNI on each query, resets the statement twice and wraps the
 * call in a query timeout. This uses sqlite-jdbc's public core API ({@code org.sqlite.core}), whose
 * version the pom pins.
 *
 * <p>The statement is always reset before this returns, row or not, reader failing or not: a
 * statement left on a row would hold its read snapshot, and the connection's later reads would be
 * stale. Statements run here are not run through JDBC as well (a JDBC {@code ResultSet} left open
 * on the same statement would see it stepped under it).
 */
final class SingleRowQuery {
    private SingleRowQuery() {
    }

    /** What to make of the row found; not called when there is none. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(SteppedRow row) throws SQLException;
    }

    /** The reader's result for the row the SELECT found, or null when it found none. */
    static <T> T select(PreparedStatement statement, Object[] parameters, RowReader<T> reader) throws SQLException {
        CoreStatement core = (CoreStatement) statement;
        SafeStmtPtr pointer = core.pointer;
        // Holding the statement's lock from bind to reset: nobody finalizes it in between.
        return pointer.safeRun((db, stmt) -> {
            try {
                return db.execute(core, parameters) ? reader.read(new SteppedRow(db, stmt)) : null;
            } finally {
                // sqlite-jdbc finalizes a statement whose step failed with anything but busy or
                // locked; resetting a finalized statement would touch freed memory.
                if (!pointer.isClosed()) {
                    db.reset(stmt);
                }
            }
        });
    }
}
