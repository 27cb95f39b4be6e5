package io.github.jdiskcache.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

import org.junit.jupiter.api.Test;

/**
 * Spring and Hibernate create caches with a plain MutableConfiguration, so the manager's
 * properties must be able to give them statistics, management and expiry. A property fills in
 * only what the configuration leaves at JCache's defaults; what code set otherwise stays.
 */
class JCacheDefaultsTest {

    private static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    private static MutableConfiguration<Object, Object> applied(Properties properties, String cacheName,
                                                                MutableConfiguration<Object, Object> configuration) {
        return JCacheDefaults.applyTo(properties, cacheName, configuration);
    }

    private static MutableConfiguration<Object, Object> applied(Properties properties, String cacheName) {
        return applied(properties, cacheName, new MutableConfiguration<>());
    }

    private static ExpiryPolicy expiry(MutableConfiguration<?, ?> configuration) {
        return configuration.getExpiryPolicyFactory().create();
    }

    @Test
    void managerKeysTurnOnStatisticsAndManagementOfAPlainConfiguration() {
        MutableConfiguration<Object, Object> configuration = applied(
                properties("statistics_enabled", "true", "management_enabled", "true"), "orders");
        assertTrue(configuration.isStatisticsEnabled());
        assertTrue(configuration.isManagementEnabled());
    }

    @Test
    void withoutKeysAPlainConfigurationStaysAsJCacheMadeIt() {
        MutableConfiguration<Object, Object> configuration = applied(properties(), "orders");
        assertEquals(new MutableConfiguration<>(), configuration);
    }

    @Test
    void eachExpiryKindIsJCachesOwnBuiltInPolicy() {
        ExpiryPolicy created = expiry(applied(properties("expiry", "created:PT1H"), "c"));
        assertInstanceOf(CreatedExpiryPolicy.class, created);
        assertEquals(new Duration(TimeUnit.HOURS, 1), created.getExpiryForCreation());

        ExpiryPolicy accessed = expiry(applied(properties("expiry", "accessed:PT10M"), "c"));
        assertInstanceOf(AccessedExpiryPolicy.class, accessed);
        assertEquals(new Duration(TimeUnit.MINUTES, 10), accessed.getExpiryForAccess());

        ExpiryPolicy modified = expiry(applied(properties("expiry", "modified:P1D"), "c"));
        assertInstanceOf(ModifiedExpiryPolicy.class, modified);
        assertEquals(new Duration(TimeUnit.DAYS, 1), modified.getExpiryForUpdate());

        ExpiryPolicy touched = expiry(applied(properties("expiry", " touched:PT1.5S "), "c"));
        assertInstanceOf(TouchedExpiryPolicy.class, touched);
        assertEquals(new Duration(TimeUnit.MILLISECONDS, 1500), touched.getExpiryForAccess());

        assertInstanceOf(EternalExpiryPolicy.class, expiry(applied(properties("expiry", "eternal"), "c")));
    }

    @Test
    void aCacheKeyOverridesTheManagerKeyForThatCacheOnly() {
        Properties properties = properties("statistics_enabled", "true", "expiry", "created:PT1H",
                "cache.audit.statistics_enabled", "false", "cache.sessions.expiry", "touched:PT5M",
                "cache.archive.expiry", "eternal", "cache.reports.management_enabled", "true");

        assertFalse(applied(properties, "audit").isStatisticsEnabled());
        assertTrue(applied(properties, "orders").isStatisticsEnabled());
        assertInstanceOf(TouchedExpiryPolicy.class, expiry(applied(properties, "sessions")));
        assertInstanceOf(CreatedExpiryPolicy.class, expiry(applied(properties, "orders")));
        assertInstanceOf(EternalExpiryPolicy.class, expiry(applied(properties, "archive")),
                "eternal per cache keeps one cache out of a manager-wide expiry");
        assertTrue(applied(properties, "reports").isManagementEnabled());
        assertFalse(applied(properties, "orders").isManagementEnabled());
    }

    @Test
    void aKeyOfALongerDottedCacheNameIsNotTheShorterCachesKey() {
        Properties properties = properties("cache.eco.Author.books.expiry", "created:PT1M");
        assertInstanceOf(EternalExpiryPolicy.class, expiry(applied(properties, "eco.Author")));
        assertInstanceOf(CreatedExpiryPolicy.class, expiry(applied(properties, "eco.Author.books")));
    }

    @Test
    void whatCodeSetOtherThanJCachesDefaultsWinsOverEveryProperty() {
        Properties properties = properties("statistics_enabled", "false", "management_enabled", "false",
                "expiry", "accessed:PT1H", "cache.orders.expiry", "eternal");
        MutableConfiguration<Object, Object> configuration = applied(properties, "orders",
                new MutableConfiguration<>()
                        .setStatisticsEnabled(true)
                        .setManagementEnabled(true)
                        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE)));
        assertTrue(configuration.isStatisticsEnabled());
        assertTrue(configuration.isManagementEnabled());
        ExpiryPolicy policy = expiry(configuration);
        assertInstanceOf(CreatedExpiryPolicy.class, policy);
        assertEquals(Duration.ONE_MINUTE, policy.getExpiryForCreation());
    }

    @Test
    void anEternalPolicyInCodeIsJCachesDefaultSoThePropertyReplacesIt() {
        Properties properties = properties("expiry", "created:PT1H");
        assertInstanceOf(CreatedExpiryPolicy.class, expiry(applied(properties, "c",
                new MutableConfiguration<>().setExpiryPolicyFactory(EternalExpiryPolicy.factoryOf()))));
        assertInstanceOf(CreatedExpiryPolicy.class, expiry(applied(properties, "c",
                new MutableConfiguration<>().setExpiryPolicyFactory(FactoryBuilder.factoryOf(EternalExpiryPolicy.class)))));
    }

    @Test
    void aDiskCacheConfigurationStaysOneWithItsOwnSettings() {
        MutableConfiguration<Object, Object> configuration = JCacheDefaults.applyTo(properties("statistics_enabled",
                "true"), "c", new DiskCacheConfiguration<>().setShards(3));
        assertTrue(configuration.isStatisticsEnabled());
        assertEquals(3, ((DiskCacheConfiguration<?, ?>) configuration).getShards());
    }

    @Test
    void aFlagIsTrueOrFalseAndAnythingElseNamesTheKey() {
        for (String value : List.of("yes", "TRUE", "1", "")) {
            CacheException bad = assertThrows(CacheException.class,
                    () -> applied(properties("statistics_enabled", value), "c"));
            assertTrue(bad.getMessage().contains("statistics_enabled=" + value + ":"), bad.getMessage());
            assertTrue(bad.getMessage().contains("true or false"), bad.getMessage());

            CacheException perCache = assertThrows(CacheException.class,
                    () -> applied(properties("cache.c.management_enabled", value), "c"));
            assertTrue(perCache.getMessage().contains("cache.c.management_enabled=" + value + ":"),
                    perCache.getMessage());
        }
    }

    @Test
    void aBadExpiryNamesTheKeyAndTheForms() {
        for (String value : List.of("created:1h", "created", "created:", "sometimes:PT1H", "eternal:PT1H", "PT1H",
                "created:PT0S", "accessed:-PT1M", "touched:PT0.0000001S", "Created:PT1H")) {
            CacheException bad = assertThrows(CacheException.class, () -> applied(properties("expiry", value), "c"),
                    value);
            assertTrue(bad.getMessage().contains("expiry=" + value + ":"), bad.getMessage());
            assertTrue(bad.getMessage().contains("created:, accessed:, modified: or touched:"), bad.getMessage());

            CacheException perCache = assertThrows(CacheException.class,
                    () -> applied(properties("cache.c.expiry", value), "c"), value);
            assertTrue(perCache.getMessage().contains("cache.c.expiry=" + value + ":"), perCache.getMessage());
        }
    }

    @Test
    void aBadManagerKeyFailsEvenWhereACacheKeyOverridesIt() {
        Properties properties = properties("expiry", "created:soon", "cache.c.expiry", "eternal");
        assertThrows(CacheException.class, () -> applied(properties, "c"));
    }

    @Test
    void aBadValueFailsEvenWhenCodeSetTheSettingItself() {
        assertThrows(CacheException.class, () -> applied(properties("statistics_enabled", "on"), "c",
                new MutableConfiguration<>().setStatisticsEnabled(true)));
    }
}
