package io.github.jdiskcache.store;

/**
 * An entry with its metadata. Which entries a method returns (live ones only, or expired ones
 * too) is that method's to say; compare {@link #expireTime()} with {@link Liveness#isLive}.
 *
 * @param expireTime absolute expiry in epoch seconds, or null when it never expires
 * @param tag        the entry's tag (String, byte[], Long or Double), or null
 */
public record StoredEntry(Object key, Object value, Double expireTime, Object tag) {
}
