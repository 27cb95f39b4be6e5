package io.github.jdiskcache.store;

/**
 * A key belongs to a shard whose database cannot be used (corrupt, truncated, unreadable). The
 * other shards keep working; {@code check(true)} (CLI: {@code check DIR --fix}) moves the broken
 * database aside and restarts the shard empty.
 */
public class BrokenShardException extends StoreException {
    public BrokenShardException(String message, Throwable cause) {
        super(message, cause);
    }
}
