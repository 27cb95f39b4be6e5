package io.github.jdiskcache.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.jdiskcache.store.EntryChange;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.StoreOptions;

/** {@code fanoutN}: a {@link FanoutCache} of N shards, default settings and options. Thread-safe. */
final class FanoutStore implements BenchStore {
    private static final int LOAD_BATCH = 1000;

    private final FanoutCache cache;

    FanoutStore(Path directory, int shards) {
        this.cache = FanoutCache.open(directory, shards, Settings.none(), StoreOptions.defaults());
    }

    @Override
    public byte[] get(String key) {
        return (byte[]) cache.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        cache.set(key, value);
    }

    /** {@code compute}: the value is read (decoded), then replaced keeping its expiry and tag. */
    @Override
    public void update(String key, byte[] value) {
        cache.compute(key, current -> {
            current.value();
            return EntryChange.set(value, current.expireTime(), current.tag());
        });
    }

    @Override
    public void remove(String key) {
        cache.delete(key);
    }

    /** Per shard, in transactions of {@value #LOAD_BATCH} rows. */
    @Override
    public void load(String[] keys, byte[][] values) {
        load(cache, keys, values);
    }

    /** Loads {@code keys[i] -> values[i % values.length]} into any FanoutCache, per shard in batches. */
    static void load(FanoutCache cache, String[] keys, byte[][] values) {
        List<Shard> shards = cache.shards();
        List<List<Integer>> byShard = new ArrayList<>();
        for (int s = 0; s < shards.size(); s++) {
            byShard.add(new ArrayList<>());
        }
        for (int i = 0; i < keys.length; i++) {
            byShard.get(shards.indexOf(cache.shardFor(keys[i]))).add(i);
        }
        for (int s = 0; s < shards.size(); s++) {
            Shard shard = shards.get(s);
            List<Integer> indexes = byShard.get(s);
            for (int start = 0; start < indexes.size(); start += LOAD_BATCH) {
                List<Integer> batch = indexes.subList(start, Math.min(indexes.size(), start + LOAD_BATCH));
                shard.transact(() -> {
                    for (int i : batch) {
                        shard.set(keys[i], values[i % values.length]);
                    }
                    return null;
                });
            }
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
