package io.github.jdiskcache.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

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

    /** The same from a row stepped on by a {@link SingleRowQuery}. */
    static Row withValueAt(long rowid, Double expireTime, Object tag, SteppedRow row, int first) throws SQLException {
        return new Row(rowid, expireTime, tag, row.integer(first), row.text(first + 1), row.value(first + 2),
                row.longInteger(first + 3));
    }

    /**
     * Whether two reads of a key found the same version of its row: the same row with the same
     * value, expiry and tag. Access bookkeeping (LRU/LFU columns) is not a change; a rewrite with
     * identical contents is none either, as a decision made on one is right for the other.
     */
    static boolean sameVersion(Row first, Row second) {
        if (first == null || second == null) {
            return first == second;
        }
        return first.rowid == second.rowid && first.mode == second.mode && first.size == second.size
                && Objects.equals(first.expireTime, second.expireTime) && Objects.equals(first.filename, second.filename)
                && Objects.deepEquals(first.inline, second.inline) && Objects.deepEquals(first.tag, second.tag);
    }

    boolean isLive(double now) {
        return Liveness.isLive(expireTime, now);
    }
}
