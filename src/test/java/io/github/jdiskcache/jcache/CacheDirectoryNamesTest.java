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

    @Test
    void foldersThatAreNotEncodedNamesAreNotCaches() {
        assertNull(CacheDirectoryNames.decode("%zz"));
        assertNull(CacheDirectoryNames.decode("a%2"));
        assertNull(CacheDirectoryNames.decode("with space"));
        assertTrue(CacheDirectoryNames.decode("orders") != null);
    }
}
