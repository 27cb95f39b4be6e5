package io.github.jdiskcache.jcache.configuration;

import java.util.Properties;
import java.util.function.Function;

import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;

/**
 * JCache settings from the manager's properties, for the caches Spring and Hibernate create with a
 * plain {@code MutableConfiguration} and for caches opened from disk: {@code statistics_enabled},
 * {@code management_enabled} and {@code expiry}, per manager or as {@code cache.<name>.<key>}.
 *
 * <p>A property fills in only what the configuration leaves at JCache's default (statistics and
 * management off, an eternal expiry policy); anything else the code set stays. A false flag and
 * an eternal policy cannot be told apart from "not set", so {@code cache.<name>.expiry=eternal}
 * (or {@code =false}) is how one cache keeps out of a manager-wide setting.
 *
 * <p>Properties are applied at every open and never kept with the cache: the kept configuration
 * is what code asked for, so a changed file takes effect at the next start.
 */
public final class JCacheDefaults {
    public static final String STATISTICS_ENABLED = "statistics_enabled";
    public static final String MANAGEMENT_ENABLED = "management_enabled";
    public static final String EXPIRY = "expiry";

    private JCacheDefaults() {
    }

    /**
     * Applies the properties to {@code configuration} and returns it.
     *
     * @throws CacheException naming the key when a value is malformed, whether or not it would apply
     */
    public static <K, V> MutableConfiguration<K, V> applyTo(Properties properties, String cacheName,
                                                           MutableConfiguration<K, V> configuration) {
        Boolean statistics = flag(properties, cacheName, STATISTICS_ENABLED);
        Boolean management = flag(properties, cacheName, MANAGEMENT_ENABLED);
        Factory<ExpiryPolicy> expiry = expiry(properties, cacheName);
        if (statistics != null && !configuration.isStatisticsEnabled()) {
            configuration.setStatisticsEnabled(statistics);
        }
        if (management != null && !configuration.isManagementEnabled()) {
            configuration.setManagementEnabled(management);
        }
        if (expiry != null && isEternal(configuration.getExpiryPolicyFactory())) {
            configuration.setExpiryPolicyFactory(expiry);
        }
        return configuration;
    }

    private static boolean isEternal(Factory<? extends ExpiryPolicy> factory) {
        return EternalExpiryPolicy.factoryOf().equals(factory)
                || FactoryBuilder.factoryOf(EternalExpiryPolicy.class).equals(factory);
    }

    private static Boolean flag(Properties properties, String cacheName, String key) {
        return value(properties, cacheName, key, text -> switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        });
    }

    private static Factory<ExpiryPolicy> expiry(Properties properties, String cacheName) {
        return value(properties, cacheName, EXPIRY, ExpirySetting::parse);
    }

    /** The cache's own key over the manager's; both are parsed, so a typo in either fails. */
    private static <T> T value(Properties properties, String cacheName, String key,
                               Function<String, T> parser) {
        T managerValue = parsed(properties, key, parser);
        T cacheValue = parsed(properties, "cache." + cacheName + "." + key, parser);
        return cacheValue != null ? cacheValue : managerValue;
    }

    private static <T> T parsed(Properties properties, String key, Function<String, T> parser) {
        String value = properties.getProperty(key);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CacheException("invalid jdiskcache property " + key + "=" + value + ": " + e.getMessage(), e);
        }
    }
}
