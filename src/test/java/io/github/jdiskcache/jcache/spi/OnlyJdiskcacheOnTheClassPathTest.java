package io.github.jdiskcache.jcache.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.ServiceLoader;

import javax.cache.spi.CachingProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TCK and our tests (and the child JVMs they start with their class path) call
 * {@code Caching.getCachingProvider()}, which fails when a second provider is on the class path.
 * The integration tests' libraries, Hazelcast among them, are test dependencies that only the
 * {@code integrations} surefire execution may see (pom.xml, {@code classpathDependencyExcludes}).
 */
class OnlyJdiskcacheOnTheClassPathTest {

    @Test
    void jdiskcacheIsTheOnlyCachingProvider() {
        List<String> providers = ServiceLoader.load(CachingProvider.class).stream()
                .map(provider -> provider.type().getName()).toList();
        assertEquals(List.of(DiskCachingProvider.class.getName()), providers);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "com.hazelcast.cache.HazelcastCachingProvider",
        "org.springframework.context.ApplicationContext",
        "org.hibernate.SessionFactory",
        "io.micrometer.core.instrument.MeterRegistry",
        "org.h2.Driver"})
    void theIntegrationTestsLibrariesAreNotOnThisClassPath(String className) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(className));
    }
}
