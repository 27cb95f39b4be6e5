package io.github.jdiskcache.jcache.expiry;

import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Turns an {@link ExpiryPolicy}'s durations into the absolute expire times (epoch seconds) the
 * store keeps in each row's {@code expire_time}. {@link #NEVER} stands for an eternal entry.
 * A policy that throws is treated as the spec's RI does: creation falls back to eternal, update
 * and access leave the expiry as it was.
 */
public final class ExpiryTimes {
    public static final double NEVER = Double.POSITIVE_INFINITY;

    private final ExpiryPolicy policy;

    public ExpiryTimes(ExpiryPolicy policy) {
        this.policy = policy;
    }

    public ExpiryPolicy policy() {
        return policy;
    }

    /**
     * Whether the policy is one of JCache's own five ({@code Eternal}, {@code Created},
     * {@code Accessed}, {@code Modified}, {@code Touched}), which return fixed durations: no one
     * else's code runs when it is asked. The five classes are final, so the class says it.
     */
    public boolean isBuiltIn() {
        Class<?> type = policy.getClass();
        return type == EternalExpiryPolicy.class || type == CreatedExpiryPolicy.class
                || type == AccessedExpiryPolicy.class || type == ModifiedExpiryPolicy.class
                || type == TouchedExpiryPolicy.class;
    }

    /** When a new entry expires; a time at or before {@code now} means it must not be stored. */
    public double forCreation(double now) {
        Duration duration;
        try {
            duration = policy.getExpiryForCreation();
        } catch (Throwable ignored) {
            duration = Duration.ETERNAL;
        }
        return duration == null ? NEVER : absolute(duration, now);
    }

    /** The new expire time after an update, or null to keep the current one. */
    public Double forUpdate(double now) {
        try {
            Duration duration = policy.getExpiryForUpdate();
            return duration == null ? null : absolute(duration, now);
        } catch (Throwable ignored) {
            return null;
        }
    }

    /** The new expire time after a read, or null to keep the current one. */
    public Double forAccess(double now) {
        Duration duration = accessDuration();
        return duration == null ? null : absolute(duration, now);
    }

    /**
     * {@link #forAccess(double)} reading {@code clock} only when the policy changes the expiry on
     * a read: a clock read costs about a quarter of a get answered from the heap.
     */
    public Double forAccess(DoubleSupplier clock) {
        Duration duration = accessDuration();
        return duration == null ? null : absolute(duration, clock.getAsDouble());
    }

    private Duration accessDuration() {
        try {
            return policy.getExpiryForAccess();
        } catch (Throwable ignored) {
            return null;
        }
    }

    static double absolute(Duration duration, double now) {
        if (duration.isEternal()) {
            return NEVER;
        }
        if (duration.isZero()) {
            return now;
        }
        TimeUnit unit = duration.getTimeUnit();
        return now + unit.toNanos(duration.getDurationAmount()) / 1e9;
    }

    /** The store's representation: null for never. */
    public static Double toStore(double expireTime) {
        return expireTime == NEVER ? null : expireTime;
    }
}
