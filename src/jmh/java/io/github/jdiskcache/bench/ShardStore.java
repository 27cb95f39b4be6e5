package io.github.jdiskcache.bench;

import java.nio.file.Path;

import io.github.jdiskcache.store.EntryChange;
import io.github.jdiskcache.store.Shard;

/** {@code shard}: one {@link Shard} (diskcache's Cache) with default settings. Thread-safe. */
final class ShardStore implements BenchStore {
    private static final int LOAD_BATCH = 1000;

    private final Shard shard;

    ShardStore(Path directory) {
        this.shard = Shard.open(directory);
    }

    @Override
    public byte[] get(String key) {
        return (byte[]) shard.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        shard.set(key, value);
    }

    /** {@code compute}: the value is read (decoded), then replaced keeping its expiry and tag. */
    @Override
    public void update(String key, byte[] value) {
        shard.compute(key, current -> {
            current.value();
            return EntryChange.set(value, current.expireTime(), current.tag());
        });
    }

    @Override
    public void remove(String key) {
        shard.delete(key);
    }

    @Override
    public void load(String[] keys, byte[][] values) {
        for (int start = 0; start < keys.length; start += LOAD_BATCH) {
            int from = start;
            int to = Math.min(keys.length, start + LOAD_BATCH);
            shard.transact(() -> {
                for (int i = from; i < to; i++) {
                    shard.set(keys[i], values[i % values.length]);
                }
                return null;
            });
        }
    }

    @Override
    public void close() {
        shard.close();
    }
}
