package io.github.jdiskcache.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The columns of one {@code Cache} row that a read selected; a column it did not select is -1
 * (rowid), null or 0. {@code mode}, {@code filename} and {@code inline} (the {@code value} column
 * as SQLite returned it) are always read together, so that a damaged row can be removed only if it
 * is still exactly the version that was read.
 */
record Row(long rowid, Double expireTime, Object tag, int mode, String filename, Object inline, long size) {
    static final long NO_ROWID = -1;

    /** A row read by its inline value and mode alone: the cheapest read, enough for a value kept inline. */
    static Row inline(int mode, Object inline) {
        return new Row(NO_ROWID, null, null, mode, null, inline, 0);
    }

    /** Reads mode, filename, value and size from four consecutive columns starting at {@code first}. */
    static Row withValueAt(long rowid, Double expireTime, Object tag, ResultSet row, int first) throws SQLException {
        return new Row(rowid, expireTime, tag, row.getInt(first), row.getString(first + 1), row.getObject(first + 2),
                row.getLong(first + 3));
    }

    boolean isLive(double now) {
        return Liveness.isLive(expireTime, now);
    }
}
