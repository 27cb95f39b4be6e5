package io.github.jdiskcache.recipes;

import java.nio.file.Path;

import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.StoreOptions;

/** The cache the recipe tests share with Python and child JVMs: plain values written as pickles, as Python writes them. */
final class RecipeCaches {
    private RecipeCaches() {
    }

    static FanoutCache open(Path directory) {
        return FanoutCache.open(directory, null, Settings.none(), StoreOptions.defaults().withPicklePlainValues(true));
    }
}
