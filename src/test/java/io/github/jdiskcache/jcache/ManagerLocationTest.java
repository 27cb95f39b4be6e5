package io.github.jdiskcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.jcache.spi.DiskCachingProvider;
import io.github.jdiskcache.store.FanoutCache;

class ManagerLocationTest {
    @TempDir
    Path work;

    private final DiskCachingProvider provider = new DiskCachingProvider();
    private String previousDefault;

    @BeforeEach
    void pointTheDefaultDirectoryAtATemporaryFolder() {
        previousDefault = System.getProperty(DefaultDirectory.PROPERTY);
        System.setProperty(DefaultDirectory.PROPERTY, work.resolve("default").toString());
    }

    @AfterEach
    void restore() {
        provider.close();
        if (previousDefault == null) {
            System.clearProperty(DefaultDirectory.PROPERTY);
        } else {
            System.setProperty(DefaultDirectory.PROPERTY, previousDefault);
        }
    }

    private DiskCacheManager manager(URI uri, Properties properties) {
        return (DiskCacheManager) provider.getCacheManager(uri, getClass().getClassLoader(), properties);
    }

    @Test
    void nullAndTheDefaultUriAreTheDefaultDirectory() {
        DiskCacheManager byNull = manager(null, null);
        assertEquals(work.resolve("default"), byNull.directory());
        assertSame(byNull, manager(provider.getDefaultURI(), null));
        assertEquals(provider.getDefaultURI(), byNull.getURI());
        assertTrue(provider.getDefaultURI().toString().endsWith("/"));
    }

    @Test
    void aFolderUriIsTheFolder() {
        Path folder = work.resolve("folder");
        assertEquals(folder, manager(folder.toUri(), null).directory());
    }

    @Test
    void aPropertiesFileNamesTheFolderAndDefaults() throws Exception {
        Path file = work.resolve("conf/jdiskcache.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "directory=data\nshards=3\ncache.small.size_limit=3000000\n");
        DiskCacheManager manager = manager(file.toUri(), null);
        assertEquals(work.resolve("default/data"), manager.directory(), "relative to the default directory");
        Cache<String, String> small = manager.createCache("small", new MutableConfiguration<>());
        Cache<String, String> other = manager.createCache("other", new MutableConfiguration<>());
        assertEquals(3, small.unwrap(FanoutCache.class).shardCount());
        assertEquals(3_000_000, small.unwrap(FanoutCache.class).sizeLimit());
        assertEquals(1L << 30, other.unwrap(FanoutCache.class).sizeLimit());
    }

    @Test
    void thePropertiesArgumentOverridesTheFile() throws Exception {
        Path file = work.resolve("jdiskcache.properties");
        Files.writeString(file, "directory=" + work.resolve("from-file") + "\nshards=3\n");
        Properties override = new Properties();
        override.setProperty("shards", "5");
        DiskCacheManager manager = manager(file.toUri(), override);
        assertEquals(work.resolve("from-file"), manager.directory());
        Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<>());
        assertEquals(5, cache.unwrap(FanoutCache.class).shardCount());
    }

    @Test
    void aPropertiesResourceInsideAJarWorks() throws Exception {
        Path jar = work.resolve("config.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("jdiskcache.properties"));
            out.write(("directory=" + work.resolve("from-jar") + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        URI uri = URI.create("jar:" + jar.toUri() + "!/jdiskcache.properties");
        DiskCacheManager manager = manager(uri, null);
        assertEquals(work.resolve("from-jar"), manager.directory());
        manager.createCache("c", new MutableConfiguration<String, String>()).put("k", "v");
        assertTrue(Files.isDirectory(work.resolve("from-jar/c/000")));
    }

    @Test
    void aClassPathResourceWorksWithAndWithoutScheme() {
        DiskCacheManager withScheme = manager(URI.create("classpath:jcache/test-manager.properties"), null);
        assertEquals(work.resolve("default/test-manager-data"), withScheme.directory());
        DiskCacheManager withoutScheme = manager(URI.create("jcache/test-manager.properties"), null);
        assertEquals(withScheme.directory(), withoutScheme.directory());
    }

    /**
     * An IDE or {@code spring-boot:run} hands the provider the {@code file:} URI of a class path
     * resource (in {@code target/classes}), a packaged jar a {@code jar:} URI: both launches must
     * find the same caches, and none may live where {@code mvn clean} wipes them.
     */
    @Test
    void aRelativeDirectoryIsTheSameWhicheverUriDeliveredTheFile() throws Exception {
        URI asFile = getClass().getClassLoader().getResource("jcache/test-manager.properties").toURI();
        assertEquals("file", asFile.getScheme());
        DiskCacheManager fromFile = manager(asFile, null);
        DiskCacheManager fromClassPath = manager(URI.create("classpath:jcache/test-manager.properties"), null);
        assertEquals(work.resolve("default/test-manager-data"), fromFile.directory());
        assertEquals(fromClassPath.directory(), fromFile.directory());
    }

    @Test
    void aMissingPropertiesFileOrATypoIsAClearError() throws Exception {
        assertThrows(CacheException.class, () -> manager(URI.create("classpath:missing.properties"), null));
        Path file = work.resolve("typo.properties");
        Files.writeString(file, "directory=x\nsize_limt=10\n");
        CacheManager manager = manager(file.toUri(), null);
        CacheException typo = assertThrows(CacheException.class,
                () -> manager.createCache("c", new MutableConfiguration<>()));
        assertTrue(typo.getMessage().contains("size_limt"), typo.getMessage());
    }

    /** A serializer that prefixes its bytes, to prove it is the one in use. */
    public static final class MarkingSerializer implements io.github.jdiskcache.store.Serializer {
        private final io.github.jdiskcache.store.JavaSerializer delegate = new io.github.jdiskcache.store.JavaSerializer();

        @Override
        public byte[] serialize(Object object) {
            byte[] bytes = delegate.serialize(object);
            byte[] marked = new byte[bytes.length + 1];
            marked[0] = 'M';
            System.arraycopy(bytes, 0, marked, 1, bytes.length);
            return marked;
        }

        @Override
        public Object deserialize(byte[] bytes) {
            return delegate.deserialize(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
        }
    }

    @Test
    void diskCacheConfigurationSetsTheFileThresholdAndSerializer() throws Exception {
        DiskCacheManager manager = manager(work.resolve("configured").toUri(), null);
        Cache<String, Object> cache = manager.createCache("c",
                new io.github.jdiskcache.jcache.configuration.DiskCacheConfiguration<String, Object>()
                        .setTypes(String.class, Object.class).setShards(1).setMinFileSize(1000)
                        .setSerializerFactory(javax.cache.configuration.FactoryBuilder.factoryOf(MarkingSerializer.class)));
        cache.put("text", "x".repeat(2000));
        cache.put("list", new java.util.ArrayList<>(java.util.List.of(1, 2)));
        assertEquals("x".repeat(2000), cache.get("text"));
        assertEquals(java.util.List.of(1, 2), cache.get("list"));
        try (var files = Files.walk(manager.directory().resolve("c"))) {
            assertTrue(files.anyMatch(path -> path.toString().endsWith(".val")), "2000 chars >= 1000: a value file");
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + manager.directory().resolve("c/000/cache.db"));
             java.sql.ResultSet row = connection.createStatement().executeQuery(
                     "SELECT value FROM Cache WHERE key = 'list'")) {
            assertTrue(row.next());
            assertEquals('M', row.getBytes(1)[0], "the configured serializer wrote the value");
        }
    }

    @Test
    void otherUrisGetAFolderInsideTheDefaultDirectory() {
        DiskCacheManager manager = manager(URI.create("my-app"), null);
        assertEquals(work.resolve("default/my-app"), manager.directory());
    }
}
