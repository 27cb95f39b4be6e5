package io.github.jdiskcache.jcache.configuration;

import java.time.Duration;
import java.util.Properties;

import javax.cache.CacheException;

import javax.cache.configuration.CompleteConfiguration;

import io.github.jdiskcache.store.AccessMode;
import io.github.jdiskcache.store.DeserializationFilter;
import io.github.jdiskcache.store.FilePermissions;
import io.github.jdiskcache.store.JavaSerializer;
import io.github.jdiskcache.store.Serializer;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.StoreOptions;

/**
 * How to open one cache's FanoutCache: the shard count, the settings to persist and the runtime
 * options. Built from the manager's properties (defaults, then {@code cache.<name>.*} keys), then
 * a {@link DiskCacheConfiguration}'s explicit values.
 *
 * <p>Property keys: {@code shards}, {@code lock_timeout_ms}, {@code max_connections}, {@code heap_bytes},
 * {@code file_permissions} (e.g. {@code rw-rw----}; default owner only), {@code immutable},
 * {@code serialization_filter}
 * (a JDK ObjectInputFilter pattern replacing the default filter), {@code pickle_plain_values}
 * ({@code true}: plain data is written as Python pickles, see {@link StoreOptions#picklePlainValues}), and the
 * diskcache setting names ({@code size_limit}, {@code eviction_policy}, {@code cull_limit},
 * {@code disk_min_file_size}, {@code tag_index}, {@code statistics}, {@code sqlite_*}), and the JCache
 * settings read by {@link JCacheDefaults} ({@code statistics_enabled}, {@code management_enabled},
 * {@code expiry}), which are only checked to be known here. None of them
 * holds a dot, so dotted keys (other libraries' properties passed to the same manager, e.g.
 * {@code hibernate.*}) are left alone, while an unknown undotted key is a typo and fails loudly.
 * For the same reason the setting of a {@code cache.<name>.<key>} property is what follows its
 * last dot, so cache names may hold dots (Hibernate's regions {@code eco.Author} and
 * {@code eco.Author.books}).
 */
public final class StoreSpec {
    /** Property keys of the manager that are not store settings. */
    public static final String DIRECTORY = "directory";
    public static final String SHARDS = "shards";
    public static final String LOCK_TIMEOUT_MS = "lock_timeout_ms";
    public static final String MAX_CONNECTIONS = "max_connections";
    public static final String HEAP_BYTES = "heap_bytes";
    public static final String FILE_PERMISSIONS = "file_permissions";
    public static final String SERIALIZATION_FILTER = "serialization_filter";
    /** {@code true}: open read-only, promising that nothing writes the files (see {@link AccessMode#IMMUTABLE}). */
    public static final String IMMUTABLE = "immutable";
    public static final String PICKLE_PLAIN_VALUES = "pickle_plain_values";
    private static final String CACHE_PREFIX = "cache.";

    private Integer shards;
    private final Settings.Builder settings = Settings.builder();
    private StoreOptions options = StoreOptions.defaults();
    private boolean customSerializer;

    private StoreSpec() {
    }

    /**
     * @param properties the manager's properties (file merged with the Properties argument)
     * @param cacheName  the cache being opened; {@code cache.<name>.<key>} entries apply to it only
     */
    public static StoreSpec from(Properties properties, String cacheName, CompleteConfiguration<?, ?> configuration,
                                 ClassLoader classLoader) {
        StoreSpec spec = new StoreSpec();
        Class<?> keyType = configuration.getKeyType();
        Class<?> valueType = configuration.getValueType();
        spec.options = spec.options.withSerializer(new JavaSerializer(classLoader,
                () -> defaultFilter(keyType, valueType)));
        String own = CACHE_PREFIX + cacheName + ".";
        for (String key : properties.stringPropertyNames()) {
            if (!key.contains(".") && !key.equals(DIRECTORY)) {
                spec.apply(key, properties.getProperty(key));
            }
        }
        for (String key : properties.stringPropertyNames()) {
            // No setting name holds a dot: "cache.eco.Author.books.shards" is cache eco.Author.books's, not eco.Author's.
            if (key.startsWith(own) && key.indexOf('.', own.length()) < 0) {
                spec.apply(key.substring(own.length()), properties.getProperty(key));
            }
        }
        if (configuration instanceof DiskCacheConfiguration<?, ?> explicit) {
            spec.applyExplicit(explicit);
        }
        String filter = properties.getProperty(own + SERIALIZATION_FILTER, properties.getProperty(SERIALIZATION_FILTER));
        if (filter != null && (configuration instanceof DiskCacheConfiguration<?, ?> explicit)
                && explicit.getSerializerFactory() != null) {
            throw new CacheException(SERIALIZATION_FILTER + " applies to the default serializer only; cache "
                    + cacheName + " configures its own serializer");
        }
        if (filter != null && !spec.customSerializer) {
            spec.options = spec.options.withSerializer(new JavaSerializer(classLoader,
                    DeserializationFilter.fromPattern(filter.trim())));
        }
        return spec;
    }

    /**
     * A typed cache deserializes only its key and value types (and what they hold); an untyped one
     * anything but known gadget classes.
     */
    private static java.io.ObjectInputFilter defaultFilter(Class<?> keyType, Class<?> valueType) {
        if (keyType == Object.class || valueType == Object.class) {
            return DeserializationFilter.rejectingKnownGadgets();
        }
        return DeserializationFilter.allowing(keyType, valueType);
    }

    private void apply(String key, String value) {
        try {
            switch (key) {
                case SHARDS -> shards = Integer.parseInt(value.trim());
                case LOCK_TIMEOUT_MS -> options = options.withLockTimeout(Duration.ofMillis(Long.parseLong(value.trim())));
                case MAX_CONNECTIONS -> options = options.withMaxConnections(Integer.parseInt(value.trim()));
                case HEAP_BYTES -> options = options.withHeapBytes(Long.parseLong(value.trim()));
                case FILE_PERMISSIONS -> options = options.withPermissions(FilePermissions.of(value.trim()));
                case IMMUTABLE -> options = options.withAccess(
                        trueOrFalse(value) ? AccessMode.IMMUTABLE : AccessMode.READ_WRITE);
                case PICKLE_PLAIN_VALUES -> options = options.withPicklePlainValues(trueOrFalse(value));
                // Parsed here so a bad pattern fails with the key's name; applied once all keys are read.
                case SERIALIZATION_FILTER -> java.io.ObjectInputFilter.Config.createFilter(value.trim());
                case JCacheDefaults.STATISTICS_ENABLED, JCacheDefaults.MANAGEMENT_ENABLED, JCacheDefaults.EXPIRY -> {
                    // JCache settings, not the store's: JCacheDefaults reads and checks them.
                }
                case Settings.STATISTICS -> settings.set(key, diskcacheStatistics(value));
                default -> settings.set(key, value);
            }
        } catch (IllegalArgumentException e) {
            throw new CacheException("invalid jdiskcache property " + key + "=" + value + ": " + e.getMessage(), e);
        }
    }

    /** diskcache's counter is 0 or 1; "true" comes from someone who wants JCache's statistics. */
    private static String diskcacheStatistics(String value) {
        if (value.trim().equalsIgnoreCase("true") || value.trim().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("statistics is diskcache's own hit/miss counter in each shard (0 or 1);"
                    + " JCache statistics (CacheStatisticsMXBean, Micrometer's cache metrics) are "
                    + JCacheDefaults.STATISTICS_ENABLED + "=true");
        }
        return value;
    }

    private static boolean trueOrFalse(String value) {
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    private void applyExplicit(DiskCacheConfiguration<?, ?> explicit) {
        if (explicit.getShards() != null) {
            shards = explicit.getShards();
        }
        if (explicit.getSizeLimit() != null) {
            settings.sizeLimit(explicit.getSizeLimit());
        }
        if (explicit.getEvictionPolicy() != null) {
            settings.evictionPolicy(explicit.getEvictionPolicy());
        }
        if (explicit.getCullLimit() != null) {
            settings.cullLimit(explicit.getCullLimit());
        }
        if (explicit.getMinFileSize() != null) {
            settings.minFileSize(explicit.getMinFileSize());
        }
        if (explicit.getLockTimeout() != null) {
            options = options.withLockTimeout(explicit.getLockTimeout());
        }
        if (explicit.getHeapBytes() != null) {
            options = options.withHeapBytes(explicit.getHeapBytes());
        }
        if (explicit.getSerializerFactory() != null) {
            Serializer serializer = explicit.getSerializerFactory().create();
            options = options.withSerializer(serializer);
            customSerializer = true;
        }
    }

    public Integer shards() {
        return shards;
    }

    public Settings settings() {
        return settings.build();
    }

    public StoreOptions options() {
        return options;
    }

    /** Permissions for the manager's own folder: its {@code file_permissions} property, else owner only. */
    public static FilePermissions managerPermissions(java.util.Properties properties) {
        String value = properties.getProperty(FILE_PERMISSIONS);
        try {
            return value == null ? FilePermissions.ownerOnly() : FilePermissions.of(value.trim());
        } catch (IllegalArgumentException e) {
            throw new CacheException("invalid jdiskcache property " + FILE_PERMISSIONS + "=" + value + ": "
                    + e.getMessage(), e);
        }
    }
}
