package io.github.jdiskcache.jcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

import org.junit.jupiter.api.Test;

/** Durations of a policy as the absolute expire times the store keeps, at a given now. */
class ExpiryTimesTest {
    private static final double NOW = 1_800_000_000.0;

    @Test
    void aDurationIsAddedToNow() {
        ExpiryTimes times = new ExpiryTimes(new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, 1500)));
        assertEquals(NOW + 1.5, times.forCreation(NOW));
        assertNull(times.forUpdate(NOW), "no update expiry: the old one stays");
        assertNull(times.forAccess(NOW));
    }

    @Test
    void eternalIsNeverAndStoredAsNull() {
        ExpiryTimes times = new ExpiryTimes(new EternalExpiryPolicy());
        assertEquals(ExpiryTimes.NEVER, times.forCreation(NOW));
        assertNull(ExpiryTimes.toStore(times.forCreation(NOW)));
        assertEquals(NOW + 2, ExpiryTimes.toStore(NOW + 2));
    }

    @Test
    void zeroMeansNowWhichIsAlreadyExpired() {
        ExpiryTimes times = new ExpiryTimes(new AccessedExpiryPolicy(Duration.ZERO));
        assertEquals(NOW, times.forAccess(NOW));
    }

    @Test
    void aFailingPolicyCreatesEternalEntriesAndLeavesOtherExpiriesAlone() {
        ExpiryTimes times = new ExpiryTimes(new ExpiryPolicy() {
            @Override
            public Duration getExpiryForCreation() {
                throw new IllegalStateException("creation");
            }

            @Override
            public Duration getExpiryForAccess() {
                throw new IllegalStateException("access");
            }

            @Override
            public Duration getExpiryForUpdate() {
                throw new IllegalStateException("update");
            }
        });
        assertEquals(ExpiryTimes.NEVER, times.forCreation(NOW));
        assertNull(times.forUpdate(NOW));
        assertNull(times.forAccess(NOW));
    }
    /** A read's expiry asks the clock only when the policy changes expiry on access. */
    @Test
    void theAccessExpiryReadsTheClockOnlyWhenThePolicyHasOne() {
        AtomicInteger clockReads = new AtomicInteger();
        DoubleSupplier clock = () -> {
            clockReads.incrementAndGet();
            return NOW;
        };
        assertNull(new ExpiryTimes(new CreatedExpiryPolicy(Duration.ONE_MINUTE)).forAccess(clock));
        assertEquals(0, clockReads.get());
        assertEquals(NOW + 60, new ExpiryTimes(new AccessedExpiryPolicy(Duration.ONE_MINUTE)).forAccess(clock));
        assertEquals(1, clockReads.get());
    }

    /** Only JCache's own five (final) policies run nothing of anyone else's; any other policy is user code. */
    @Test
    void onlyJCachesOwnFivePoliciesAreBuiltIn() {
        Duration minute = new Duration(TimeUnit.MINUTES, 1);
        for (ExpiryPolicy own : List.of(new EternalExpiryPolicy(), new CreatedExpiryPolicy(minute),
                new AccessedExpiryPolicy(minute), new ModifiedExpiryPolicy(minute), new TouchedExpiryPolicy(minute))) {
            assertTrue(new ExpiryTimes(own).isBuiltIn(), own.getClass().getSimpleName());
        }
        assertFalse(new ExpiryTimes(new ExpiredRowTest.ExpiresOnFirstRead()).isBuiltIn());
    }
}
