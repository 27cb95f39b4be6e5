package io.github.jdiskcache.annotation;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import javax.cache.CacheManager;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** What cannot be intercepted fails when the instance is asked for, with a message naming the culprit. */
class MisuseTest {
    @TempDir
    Path directory;
    CacheManager manager;

    @BeforeEach
    void open() {
        manager = TestManagers.openIn(directory);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static final class FinalClass {
        @CacheResult
        public String value() {
            return "v";
        }
    }

    static class FinalMethod {
        @CacheResult
        public final String value(String id) {
            return id;
        }
    }

    static class PrivateMethod {
        @CacheResult
        private String value(String id) {
            return id;
        }
    }

    static class StaticMethod {
        @CacheResult
        static String value(String id) {
            return id;
        }
    }

    static class TwoAnnotations {
        @CacheResult
        @CacheRemoveAll
        public String value(String id) {
            return id;
        }
    }

    static class ValueOutsidePut {
        @CacheResult
        public String value(@CacheValue String id) {
            return id;
        }
    }

    static class PutWithoutValue {
        @CachePut
        public void value(String id) {
        }
    }

    static class TwoValues {
        @CachePut
        public void value(@CacheValue String id, @CacheValue String other) {
        }
    }

    abstract static class AbstractClass {
        @CacheRemove
        public void value(String id) {
        }
    }

    sealed static class Sealed permits Permitted {
    }

    static final class Permitted extends Sealed {
    }

    static class Constructors {
        Constructors(String text) {
        }

        Constructors(Integer number) {
        }

        Constructors(CharSequence text, Object more) {
        }

        Constructors(String text, Object more) {
        }

        Constructors(Object text, String more) {
        }
    }

    interface Service {
        String value();
    }

    static class FailingConstructor {
        FailingConstructor(boolean checked) throws IOException {
            if (checked) {
                throw new IOException("checked");
            }
            throw new UnsupportedOperationException("unchecked");
        }
    }

    @Test
    void classesThatCannotBeSubclassedAreRefused() {
        assertFails(() -> CacheAnnotations.create(FinalClass.class, manager), FinalClass.class.getName(), "final");
        assertFails(() -> CacheAnnotations.create(Sealed.class, manager), Sealed.class.getName(), "sealed");
        assertFails(() -> CacheAnnotations.create(AbstractClass.class, manager), AbstractClass.class.getName(),
                "abstract");
        assertFails(() -> CacheAnnotations.create(Service.class, manager), "interface", "implement");
    }

    @Test
    void annotatedMethodsThatCannotBeOverriddenAreRefusedByName() {
        assertFails(() -> CacheAnnotations.create(FinalMethod.class, manager), "FinalMethod.value(java.lang.String)",
                "final");
        assertFails(() -> CacheAnnotations.create(PrivateMethod.class, manager),
                "PrivateMethod.value(java.lang.String)", "private");
        assertFails(() -> CacheAnnotations.create(StaticMethod.class, manager), "StaticMethod.value(java.lang.String)",
                "static");
    }

    @Test
    void misusedAnnotationsAreRefusedByMethod() {
        assertFails(() -> CacheAnnotations.create(TwoAnnotations.class, manager), "TwoAnnotations.value",
                "@CacheResult and @CacheRemoveAll");
        assertFails(() -> CacheAnnotations.create(ValueOutsidePut.class, manager), "ValueOutsidePut.value",
                "@CacheValue is allowed only on a @CachePut method");
        assertFails(() -> CacheAnnotations.create(PutWithoutValue.class, manager), "PutWithoutValue.value",
                "needs a @CacheValue parameter");
        assertFails(() -> CacheAnnotations.create(TwoValues.class, manager), "TwoValues.value",
                "more than one @CacheValue");
    }

    @Test
    void constructorArgumentsMustSelectExactlyOneConstructor() {
        CacheAnnotations.create(Constructors.class, manager, "text");
        CacheAnnotations.create(Constructors.class, manager, 7);
        CacheAnnotations.create(Constructors.class, manager, "text", 1);
        assertFails(() -> CacheAnnotations.create(Constructors.class, manager, 7L), "no constructor takes",
                "java.lang.Long");
        assertFails(() -> CacheAnnotations.create(Constructors.class, manager, (Object) null), "ambiguous");
        assertFails(() -> CacheAnnotations.create(Constructors.class, manager, "a", "b"), "ambiguous");
    }

    @Test
    void exceptionsOfTheApplicationsConstructorReachTheCaller() {
        IllegalStateException wrapped = assertThrows(IllegalStateException.class,
                () -> CacheAnnotations.create(FailingConstructor.class, manager, true));
        assertTrue(wrapped.getCause() instanceof IOException);
        assertThrows(UnsupportedOperationException.class,
                () -> CacheAnnotations.create(FailingConstructor.class, manager, false));
    }

    @Test
    void implementNeedsAnInterfaceAndAMatchingDelegate() {
        assertFails(() -> CacheAnnotations.implement(Object.class, new Object()), "not an interface", "create");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Executable wrongDelegate = () -> CacheAnnotations.implement((Class) Service.class, "not a service");
        assertFails(wrongDelegate, "java.lang.String does not implement", Service.class.getName());
    }

    private static void assertFails(Executable creation, String... fragments) {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, creation);
        for (String fragment : fragments) {
            assertTrue(failure.getMessage().contains(fragment), failure.getMessage() + " should mention " + fragment);
        }
    }
}
