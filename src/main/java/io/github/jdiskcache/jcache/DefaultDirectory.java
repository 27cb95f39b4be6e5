package io.github.jdiskcache.jcache;

import java.nio.file.Path;

/**
 * Where the default CacheManager keeps its caches: system property {@code jdiskcache.directory},
 * else environment variable {@code JDISKCACHE_DIRECTORY}, else {@code $XDG_CACHE_HOME/jdiskcache},
 * else {@code ~/.cache/jdiskcache}. Read at each lookup, so tests and launchers can redirect it.
 */
public final class DefaultDirectory {
    public static final String PROPERTY = "jdiskcache.directory";
    public static final String ENVIRONMENT = "JDISKCACHE_DIRECTORY";

    private DefaultDirectory() {
    }

    public static Path resolve() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return expandHome(property.trim());
        }
        String environment = System.getenv(ENVIRONMENT);
        if (environment != null && !environment.isBlank()) {
            return expandHome(environment.trim());
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg.trim(), "jdiskcache").toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "jdiskcache").toAbsolutePath().normalize();
    }

    static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path).toAbsolutePath().normalize();
    }
}
