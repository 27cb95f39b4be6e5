package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;

/** Names too long for one folder name work, survive a restart and are listed under their real name. */
class LongCacheNamesTest {
    private static final String LONG_ASCII = "x".repeat(300);
    private static final String LONG_CJK = "缓存名称".repeat(25);
    private static final String LONG_ESCAPED = "a/".repeat(150);
    private static final String SAME_PREFIX = "x".repeat(299) + "y";
    private static final List<String> NAMES = List.of(LONG_ASCII, LONG_CJK, LONG_ESCAPED, SAME_PREFIX);

    @TempDir
    Path directory;

    @Test
    void longNamesWorkSurviveARestartAndAreListedUnderTheirRealName() throws Exception {
        try (CacheManager manager = newManager()) {
            for (String name : NAMES) {
                Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class).setStatisticsEnabled(true).setManagementEnabled(true));
                cache.put("k", name);
            }
        }
        try (Stream<Path> folders = Files.list(directory)) {
            List<Path> all = folders.collect(Collectors.toList());
            assertEquals(NAMES.size(), all.size(), all.toString());
            for (Path folder : all) {
                int bytes = folder.getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
                assertTrue(bytes <= 255, folder + " is " + bytes + " bytes");
            }
        }
        try (CacheManager manager = newManager()) {
            assertEquals(Set.copyOf(NAMES), names(manager));
            for (String name : NAMES) {
                Cache<String, String> cache = manager.getCache(name, String.class, String.class);
                assertEquals(name, cache.get("k"), "each long name has its own data");
            }
            manager.destroyCache(LONG_CJK);
            assertNull(manager.getCache(LONG_CJK));
            assertFalse(names(manager).contains(LONG_CJK));
        }
    }

    @Test
    void namesThatFitKeepTheirFolderName() {
        String longestPlain = "z".repeat(255);
        assertEquals(longestPlain, CacheDirectoryNames.folderName(longestPlain));
        assertEquals("ab%2Fc", CacheDirectoryNames.folderName("ab/c"));
        assertFalse(CacheDirectoryNames.folderName(longestPlain + "z").equals(longestPlain + "z"));
    }

    private CacheManager newManager() {
        return new DiskCachingProvider().getCacheManager(directory.toUri(), getClass().getClassLoader());
    }

    private static Set<String> names(CacheManager manager) {
        return StreamSupport.stream(manager.getCacheNames().spliterator(), false).collect(Collectors.toSet());
    }
}
