package io.github.jdiskcache.testing;

import java.util.Map;

import javax.cache.integration.CacheLoader;

/** A loader that knows no key: for tests that count or fail factories, not loads. */
public final class LoadsNothing implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
        return null;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
        return Map.of();
    }
}
