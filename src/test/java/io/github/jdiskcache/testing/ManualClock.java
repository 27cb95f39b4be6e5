package io.github.jdiskcache.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand, so expiry and access order are tested without sleeping. */
public final class ManualClock implements InstantSource {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** Now in epoch seconds, the unit of the store's expire times. */
    public double epochSeconds() {
        return now.getEpochSecond() + now.getNano() / 1e9;
    }
}
