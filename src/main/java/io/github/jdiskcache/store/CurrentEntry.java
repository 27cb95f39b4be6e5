package io.github.jdiskcache.store;

/**
 * An entry as a {@link Shard#compute} transaction sees it, expired or not. Its value is decoded
 * only when asked for, so deciding on metadata alone (exists? expired?) costs no deserialization.
 */
public final class CurrentEntry {
    private final Double expireTime;
    private final Object tag;
    private final ValueDecoder decoder;
    private Decoded decoded;

    /** Decodes the row's value once. */
    @FunctionalInterface
    interface ValueDecoder {
        Decoded decode();
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
        return !Liveness.isLive(expireTime, now);
    }

    /**
     * The stored value, or null when there is none to give: either it is damaged (file gone or
     * cut short, bytes in no known format), and the row is removed when the transaction commits,
     * or this process cannot read it ({@link #isUnreadableHere()}), and the row stays unless the
     * decision replaces or deletes it. Treat null as an absent entry.
     */
    public Object value() {
        return decode() instanceof Decoded.Value found ? found.value() : null;
    }

    /**
     * Whether the value exists but this process cannot read it (a class it lacks or that changed, a
     * class its filter refuses, a Python pickle). Another reader may, so only an explicit write or
     * removal should replace it.
     */
    public boolean isUnreadableHere() {
        return decode() instanceof Decoded.UnreadableHere;
    }

    private Decoded decode() {
        if (decoded == null) {
            decoded = decoder.decode();
        }
        return decoded;
    }
}
