package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The directions between the jcache packages, read from the sources: the cache and manager are
 * assembled from the sub-packages' parts, so a part never reaches back up or sideways. Two
 * packages stand between: {@code operation}, whose operations combine the parts (events, expiry,
 * write-through, entry processors, statistics) but know neither the cache nor the manager, and
 * {@code spi}, the provider that creates managers and so depends on the package above it; the
 * manager knows its provider only as a {@link javax.cache.spi.CachingProvider}.
 */
class PackageDependenciesTest {
    private static final Path JCACHE = Path.of("src/main/java/io/github/jdiskcache/jcache");
    private static final Set<String> PARTS = Set.of("event", "expiry", "integration", "processor", "management");
    private static final Pattern REFERENCE = Pattern.compile("io\\.github\\.jdiskcache\\.jcache\\.(?:([a-z]+)\\.)?[A-Z]\\w*");

    @Test
    void partsDependOnNeitherTheirParentNorEachOther() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path source : sources()) {
            String from = packageOf(source);
            Matcher reference = REFERENCE.matcher(Files.readString(source));
            while (reference.find()) {
                String to = reference.group(1) == null ? "" : reference.group(1);
                boolean allowed = to.equals(from)
                        || (from.isEmpty() && !to.equals("spi"))
                        || from.equals("spi") && to.isEmpty()
                        || from.equals("operation") && PARTS.contains(to);
                if (!allowed) {
                    wrong.add(JCACHE.relativize(source) + " -> " + reference.group());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void liveOrExpiredIsDecidedOnlyByTheStoresLiveness() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path source : sources()) {
            String text = Files.readString(source);
            if (text.contains(".isExpiredAt(") || text.contains("static boolean isExpired(Double")) {
                wrong.add(JCACHE.relativize(source).toString());
            }
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * The layers outside jcache: the store knows neither the collections nor the recipes built on
     * it, and they use the store only (never jcache, annotation or cli); recipes may use collections.
     */
    @Test
    void storeCollectionsAndRecipesKeepTheirLayers() throws IOException {
        Path main = Path.of("src/main/java/io/github/jdiskcache");
        Pattern higher = Pattern.compile("io\\.github\\.jdiskcache\\.(collections|recipes|jcache|annotation|cli)\\b");
        Map<String, Set<String>> allowed = Map.of("store", Set.of(), "collections", Set.of("collections"),
                "recipes", Set.of("recipes", "collections"));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Set<String>> layer : allowed.entrySet()) {
            Path root = main.resolve(layer.getKey());
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path source : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    Matcher reference = higher.matcher(Files.readString(source));
                    while (reference.find()) {
                        if (!layer.getValue().contains(reference.group(1))) {
                            wrong.add(main.relativize(source) + " -> " + reference.group());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(JCACHE)) {
            return files.filter(path -> path.toString().endsWith(".java")).toList();
        }
    }

    /** "" for the jcache package itself, else the sub-package's name. */
    private static String packageOf(Path source) {
        Path relative = JCACHE.relativize(source.getParent());
        return relative.toString();
    }
}
