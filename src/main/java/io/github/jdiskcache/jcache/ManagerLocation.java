package io.github.jdiskcache.jcache;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import javax.cache.CacheException;

import io.github.jdiskcache.jcache.configuration.StoreSpec;

/**
 * Where a CacheManager's caches live and which defaults they get, from the manager's URI:
 * <ul>
 *   <li>the provider's default URI (and null): the {@link DefaultDirectory};</li>
 *   <li>a {@code file:} URI of a folder: that folder;</li>
 *   <li>a {@code .properties} file as {@code file:}, {@code jar:} or {@code classpath:} URI (what
 *       Spring Boot's {@code spring.cache.jcache.config} and Hibernate's
 *       {@code hibernate.javax.cache.uri} pass): its {@code directory} key names the folder and
 *       its other keys are cache defaults; a scheme-less {@code name.properties} is a class path
 *       resource;</li>
 *   <li>any other URI: a folder named after it inside the default directory.</li>
 * </ul>
 * The {@code Properties} given to {@code getCacheManager} override the file's. A relative
 * {@code directory} lies inside the default directory whichever URI delivered the file: an IDE or
 * {@code spring-boot:run} hands over the {@code file:} URI of the very resource a packaged jar
 * hands over as {@code jar:}, and both launches must find the same caches (never in
 * {@code target/classes}, which {@code mvn clean} wipes).
 */
record ManagerLocation(Path directory, Properties properties) {

    static ManagerLocation resolve(URI uri, URI defaultUri, ClassLoader classLoader, Properties given) {
        if (uri.equals(defaultUri)) {
            return new ManagerLocation(DefaultDirectory.resolve(), copy(given, null));
        }
        String scheme = uri.getScheme();
        String text = uri.toString();
        if ("file".equals(scheme)) {
            Path path = Path.of(uri);
            if (text.endsWith(".properties") || Files.isRegularFile(path)) {
                Properties file = load(uri, () -> Files.newInputStream(path));
                return fromProperties(file, given);
            }
            return new ManagerLocation(path.toAbsolutePath().normalize(), copy(given, null));
        }
        if ("jar".equals(scheme)) {
            return fromProperties(load(uri, () -> uri.toURL().openStream()), given);
        }
        if ("classpath".equals(scheme) || (scheme == null && text.endsWith(".properties"))) {
            String resource = ("classpath".equals(scheme) ? uri.getSchemeSpecificPart() : text).replaceFirst("^/+", "");
            return fromProperties(load(uri, () -> {
                InputStream in = classLoader.getResourceAsStream(resource);
                if (in == null) {
                    throw new IOException("no class path resource " + resource);
                }
                return in;
            }), given);
        }
        return new ManagerLocation(DefaultDirectory.resolve().resolve(CacheDirectoryNames.encode(text)),
                copy(given, null));
    }

    private static ManagerLocation fromProperties(Properties file, Properties given) {
        Properties merged = copy(given, file);
        String directory = merged.getProperty(StoreSpec.DIRECTORY);
        Path resolved;
        if (directory == null || directory.isBlank()) {
            resolved = DefaultDirectory.resolve();
        } else {
            String trimmed = directory.trim();
            Path candidate = Path.of(trimmed);
            if (trimmed.startsWith("~")) {
                resolved = DefaultDirectory.expandHome(trimmed);
            } else if (candidate.isAbsolute()) {
                resolved = candidate;
            } else {
                resolved = DefaultDirectory.resolve().resolve(candidate);
            }
        }
        return new ManagerLocation(resolved.toAbsolutePath().normalize(), merged);
    }

    @FunctionalInterface
    private interface Opener {
        InputStream open() throws IOException;
    }

    private static Properties load(URI uri, Opener opener) {
        Properties properties = new Properties();
        try (InputStream in = opener.open()) {
            properties.load(in);
        } catch (IOException e) {
            throw new CacheException("cannot read the cache manager configuration " + uri + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /** {@code overrides} on top of {@code base}, flattened into a new Properties. */
    private static Properties copy(Properties overrides, Properties base) {
        Properties merged = new Properties();
        if (base != null) {
            base.stringPropertyNames().forEach(key -> merged.setProperty(key, base.getProperty(key)));
        }
        if (overrides != null) {
            overrides.stringPropertyNames().forEach(key -> merged.setProperty(key, overrides.getProperty(key)));
        }
        return merged;
    }
}
