/**
 * Python diskcache's recipes over a {@link io.github.jdiskcache.store.FanoutCache} or a
 * {@link io.github.jdiskcache.store.Shard}, with its keys, values and expiry, so that Java and
 * Python processes coordinate through one cache: {@link io.github.jdiskcache.recipes.Lock},
 * {@link io.github.jdiskcache.recipes.RLock}, {@link io.github.jdiskcache.recipes.BoundedSemaphore},
 * {@link io.github.jdiskcache.recipes.Averager}, {@link io.github.jdiskcache.recipes.Throttle},
 * {@link io.github.jdiskcache.recipes.Barrier} and {@link io.github.jdiskcache.recipes.Memoizer}.
 * Each step is one transaction of the key's shard, atomic across threads and processes. Uses the
 * store only, never the JCache layer.
 */
package io.github.jdiskcache.recipes;
