package io.github.jdiskcache.store;

/**
 * An entry as a {@link Shard#compute} transaction sees it, expired or not. Its value is decoded
 * only when asked for, so deciding on metadata alone (exists? expired?) costs no deserialization.
 */
public final class CurrentEntry {
    private final Double expireTime;
    private final Object tag;
    private final ValueDecoder decoder;
    private boolean decoded;
    private Object value;

    /** Decodes the row's value once; null means the value turned out damaged. */
    @FunctionalInterface
    interface ValueDecoder {
        Object decode();
    }

    CurrentEntry(Double expireTime, Object tag, ValueDecoder decoder) {
        this.expireTime = expireTime;
        this.tag = tag;
        this.decoder = decoder;
    }

    /** Absolute expire time in epoch seconds, or null for never. */
    public Double expireTime() {
        return expireTime;
    }

    public Object tag() {
        return tag;
    }

    public boolean isExpiredAt(double now) {
        return expireTime != null && expireTime <= now;
    }

    /**
     * The stored value, or null when it is damaged (file gone, object no longer deserializable);
     * a damaged row is removed when the transaction commits, so treat null as an absent entry.
     */
    public Object value() {
        if (!decoded) {
            value = decoder.decode();
            decoded = true;
        }
        return value;
    }
}
