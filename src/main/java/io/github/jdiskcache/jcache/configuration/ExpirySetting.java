package io.github.jdiskcache.jcache.configuration;

import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;

import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * The {@code expiry} property: {@code eternal}, or {@code created:}, {@code accessed:},
 * {@code modified:} or {@code touched:} followed by an ISO-8601 duration ({@code PT10M},
 * {@code P1D}). Each becomes JCache's own built-in policy, made by its own {@code factoryOf}, so
 * whatever recognises the built-in policies recognises these too.
 */
final class ExpirySetting {
    static final String FORMS = "expected eternal, or created:, accessed:, modified: or touched: followed by"
            + " a positive ISO-8601 duration such as PT10M or P1D";

    private ExpirySetting() {
    }

    /** @throws IllegalArgumentException saying what is wrong, for the caller to name the key */
    static Factory<ExpiryPolicy> parse(String value) {
        String text = value.trim();
        if (text.equals("eternal")) {
            return EternalExpiryPolicy.factoryOf();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(FORMS);
        }
        String kind = text.substring(0, colon);
        Duration duration = duration(text.substring(colon + 1));
        return switch (kind) {
            case "created" -> CreatedExpiryPolicy.factoryOf(duration);
            case "accessed" -> AccessedExpiryPolicy.factoryOf(duration);
            case "modified" -> ModifiedExpiryPolicy.factoryOf(duration);
            case "touched" -> TouchedExpiryPolicy.factoryOf(duration);
            default -> throw new IllegalArgumentException("unknown kind '" + kind + "'; " + FORMS);
        };
    }

    /**
     * Zero would mean "never store" and is no setting anyone wants from a file; below a
     * millisecond no clock of the store tells durations apart.
     */
    private static Duration duration(String text) {
        java.time.Duration duration;
        try {
            duration = java.time.Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration; " + FORMS, e);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the duration must be positive; " + FORMS);
        }
        if (duration.getNano() == 0) {
            return new Duration(TimeUnit.SECONDS, duration.getSeconds());
        }
        if (duration.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("the duration must be whole milliseconds; " + FORMS);
        }
        return new Duration(TimeUnit.MILLISECONDS, duration.toMillis());
    }
}
