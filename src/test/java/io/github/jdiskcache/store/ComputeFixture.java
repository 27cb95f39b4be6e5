package io.github.jdiskcache.store;

/**
 * For tests of {@code compute} decisions made outside this package (the JCache operations): the
 * entries a transaction shows a decision, made without SQLite, and what a decision's
 * {@link EntryChange} does.
 */
public final class ComputeFixture {
    private ComputeFixture() {
    }

    /** A stored entry with a readable value; {@code expireTime} null means it never expires. */
    public static CurrentEntry entry(Object value, Double expireTime, Object tag) {
        return new CurrentEntry(expireTime, tag, () -> new Decoded.Value(value));
    }

    /** A stored entry whose value this process cannot read (another reader may). */
    public static CurrentEntry unreadableHere(Double expireTime) {
        return new CurrentEntry(expireTime, null, () -> new Decoded.UnreadableHere("SomeClass", "class not found"));
    }

    /** A stored entry whose value no reader can read (the transaction removes it). */
    public static CurrentEntry damaged(Double expireTime) {
        return new CurrentEntry(expireTime, null, () -> new Decoded.Damaged("value file missing"));
    }

    /** What a decision does: its kind (KEEP, SET, DELETE, EXPIRE_AT) and the values it sets. */
    public record Change(String kind, Object value, Double expireTime, Object tag) {
        public static final Change KEEP = new Change("KEEP", null, null, null);
        public static final Change DELETE = new Change("DELETE", null, null, null);

        public static Change set(Object value, Double expireTime, Object tag) {
            return new Change("SET", value, expireTime, tag);
        }

        public static Change expireAt(Double expireTime) {
            return new Change("EXPIRE_AT", null, expireTime, null);
        }
    }

    public static Change describe(EntryChange change) {
        return new Change(change.kind().name(), change.value(), change.expireTime(), change.tag());
    }
}
