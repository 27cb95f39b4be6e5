/**
 * Python diskcache's persistent collections over a {@link io.github.jdiskcache.store.Shard}, in
 * its on-disk form, so that Java and Python processes share one queue or one mapping:
 * {@link io.github.jdiskcache.collections.PersistentDeque} ({@code diskcache.Deque}) and
 * {@link io.github.jdiskcache.collections.PersistentIndex} ({@code diskcache.Index}).
 * Uses the store only, never the JCache layer.
 */
package io.github.jdiskcache.collections;
