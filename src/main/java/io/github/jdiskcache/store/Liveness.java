package io.github.jdiskcache.store;

/**
 * The one definition of a live entry, for SQL and Java alike: it has no expire time, or its
 * expire time (epoch seconds) is after now. An entry expiring exactly now is expired, so that a
 * zero duration means "already gone" in every process and on every path.
 */
public final class Liveness {
    /** The SQL condition on a Cache row; its one parameter is now. */
    static final String SQL = "(expire_time IS NULL OR expire_time > ?)";
    /** Its negation, in the form the expire_time index serves; its one parameter is now. */
    static final String EXPIRED_SQL = "(expire_time IS NOT NULL AND expire_time <= ?)";

    private Liveness() {
    }

    public static boolean isLive(Double expireTime, double now) {
        return expireTime == null || expireTime > now;
    }
}
