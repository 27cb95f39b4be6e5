package io.github.jdiskcache.jcache.management;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import javax.cache.management.CacheStatisticsMXBean;

/**
 * The statistics of one cache as seen by this process (JMX is per JVM). Evictions are the entries
 * the size limit removed, read from the store.
 */
public final class CacheStatistics implements CacheStatisticsMXBean {
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder removals = new LongAdder();
    private final LongAdder getNanos = new LongAdder();
    private final LongAdder putNanos = new LongAdder();
    private final LongAdder removeNanos = new LongAdder();
    private final LongSupplier storeEvictions;
    private volatile long evictionsAtClear;

    public CacheStatistics(LongSupplier storeEvictions) {
        this.storeEvictions = storeEvictions;
        this.evictionsAtClear = storeEvictions.getAsLong();
    }

    public void hits(long count) {
        hits.add(count);
    }

    public void misses(long count) {
        misses.add(count);
    }

    public void puts(long count) {
        puts.add(count);
    }

    public void removals(long count) {
        removals.add(count);
    }

    public void getTime(long nanos) {
        getNanos.add(nanos);
    }

    public void putTime(long nanos) {
        putNanos.add(nanos);
    }

    public void removeTime(long nanos) {
        removeNanos.add(nanos);
    }

    @Override
    public void clear() {
        hits.reset();
        misses.reset();
        puts.reset();
        removals.reset();
        getNanos.reset();
        putNanos.reset();
        removeNanos.reset();
        evictionsAtClear = storeEvictions.getAsLong();
    }

    @Override
    public long getCacheHits() {
        return hits.sum();
    }

    @Override
    public float getCacheHitPercentage() {
        long gets = getCacheGets();
        return gets == 0 ? 0 : getCacheHits() * 100.0f / gets;
    }

    @Override
    public long getCacheMisses() {
        return misses.sum();
    }

    @Override
    public float getCacheMissPercentage() {
        long gets = getCacheGets();
        return gets == 0 ? 0 : getCacheMisses() * 100.0f / gets;
    }

    @Override
    public long getCacheGets() {
        return getCacheHits() + getCacheMisses();
    }

    @Override
    public long getCachePuts() {
        return puts.sum();
    }

    @Override
    public long getCacheRemovals() {
        return removals.sum();
    }

    @Override
    public long getCacheEvictions() {
        return storeEvictions.getAsLong() - evictionsAtClear;
    }

    @Override
    public float getAverageGetTime() {
        return averageMicros(getNanos.sum(), getCacheGets());
    }

    @Override
    public float getAveragePutTime() {
        return averageMicros(putNanos.sum(), getCachePuts());
    }

    @Override
    public float getAverageRemoveTime() {
        return averageMicros(removeNanos.sum(), getCacheRemovals());
    }

    private static float averageMicros(long nanos, long count) {
        return count == 0 ? 0 : nanos / 1000.0f / count;
    }
}
