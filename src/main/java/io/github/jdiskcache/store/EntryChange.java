package io.github.jdiskcache.store;

/** What a {@link Shard#compute} decision does to its entry, inside the same transaction. */
public final class EntryChange {
    enum Kind { KEEP, SET, DELETE, EXPIRE_AT }

    private static final EntryChange KEEP = new EntryChange(Kind.KEEP, null, null, null);
    private static final EntryChange DELETE = new EntryChange(Kind.DELETE, null, null, null);

    private final Kind kind;
    private final Object value;
    private final Double expireTime;
    private final Object tag;

    private EntryChange(Kind kind, Object value, Double expireTime, Object tag) {
        this.kind = kind;
        this.value = value;
        this.expireTime = expireTime;
        this.tag = tag;
    }

    /** Leave the entry as it is. */
    public static EntryChange keep() {
        return KEEP;
    }

    /** Remove the entry (if there is one). */
    public static EntryChange delete() {
        return DELETE;
    }

    /** Store {@code value}, expiring at {@code expireTime} (epoch seconds; null: never), with {@code tag}. */
    public static EntryChange set(Object value, Double expireTime, Object tag) {
        return new EntryChange(Kind.SET, java.util.Objects.requireNonNull(value, "value"), expireTime, tag);
    }

    /** Change only the expire time of an existing entry. */
    public static EntryChange expireAt(Double expireTime) {
        return new EntryChange(Kind.EXPIRE_AT, null, expireTime, null);
    }

    Kind kind() {
        return kind;
    }

    Object value() {
        return value;
    }

    Double expireTime() {
        return expireTime;
    }

    Object tag() {
        return tag;
    }
}
