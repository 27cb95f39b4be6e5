package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CacheDirectoryNamesTest {
    private static final List<String> NAMES = List.of("orders", "a/b", "../../etc", "..", ".", ".hidden", "",
            "with space", "ünïcödé", "100%", "%41", "a\\b", "C:x", "name.with.dots", "UPPER", "tab\there");

    @Test
    void everyNameRoundTripsAndStaysOneSegmentInsideTheDirectory() {
        Path root = Path.of("/manager");
        for (String name : NAMES) {
            String segment = CacheDirectoryNames.encode(name);
            assertEquals(name, CacheDirectoryNames.decode(segment), segment);
            Path resolved = root.resolve(segment).normalize();
            assertEquals(root, resolved.getParent(), name + " must stay inside the manager's directory");
            assertFalse(segment.contains("/") || segment.contains("\\"), segment);
        }
    }

    @Test
    void distinctNamesGetDistinctSegments() {
        Set<String> segments = new HashSet<>();
        NAMES.forEach(name -> segments.add(CacheDirectoryNames.encode(name)));
        assertEquals(NAMES.size(), segments.size());
    }

    @Test
    void plainNamesStayReadable() {
        assertEquals("orders", CacheDirectoryNames.encode("orders"));
        assertEquals("my-cache_1.v2", CacheDirectoryNames.encode("my-cache_1.v2"));
        assertEquals("%2E.", CacheDirectoryNames.encode(".."), "a leading dot is escaped, so no segment is . or ..");
    }

    /**
     * A name's folder is format: a later version that encoded one character differently would not
     * find the caches an earlier one made. The edges of each kept range stay as they are, their
     * neighbours are escaped, and a name of exactly 255 encoded characters keeps its folder.
     */
    @Test
    void theEncodingKeepsExactlyLettersDigitsDashUnderscoreAndInnerDots() {
        assertEquals("azAZ09-_.a", CacheDirectoryNames.encode("azAZ09-_.a"));
        assertEquals("%60%7B%40%5B%2F%3A%2C%20", CacheDirectoryNames.encode("`{@[/:, "));
        assertEquals("x".repeat(255), CacheDirectoryNames.folderName("x".repeat(255)));
        assertFalse(CacheDirectoryNames.isBounded("x".repeat(255)));
    }

    @Test
    void namesTooLongForAFolderGetBoundedDistinctFolderNamesThatNoShortNameHas() {
        List<String> longNames = List.of("x".repeat(256), "x".repeat(255) + "y", "缓存".repeat(40), "abc/".repeat(200),
                "x" + "ab/".repeat(200));
        Set<String> folders = new HashSet<>();
        for (String name : longNames) {
            String folder = CacheDirectoryNames.folderName(name);
            assertTrue(folder.length() <= 255, folder);
            assertTrue(CacheDirectoryNames.isBounded(folder), folder);
            assertNull(CacheDirectoryNames.decode(folder), "a bounded folder name is never an encoded name");
            assertFalse(folder.matches(".*%.?~.*"), "the shown prefix never ends inside an escape: " + folder);
            folders.add(folder);
        }
        assertEquals(longNames.size(), folders.size());
        NAMES.forEach(name -> assertFalse(CacheDirectoryNames.isBounded(CacheDirectoryNames.folderName(name)), name));
    }

    @Test
    void foldersThatAreNotEncodedNamesAreNotCaches() {
        assertNull(CacheDirectoryNames.decode("%zz"));
        assertNull(CacheDirectoryNames.decode("a%2"));
        assertNull(CacheDirectoryNames.decode("with space"));
        assertTrue(CacheDirectoryNames.decode("orders") != null);
    }
}
