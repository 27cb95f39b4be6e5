package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ObjectInputFilter;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The deserialization filter is built at the first deserialization (a cold start that reads none pays nothing). */
class JavaSerializerTest {
    @Test
    void aSuppliedFilterIsBuiltOnceAtTheFirstDeserialization() {
        AtomicInteger built = new AtomicInteger();
        JavaSerializer serializer = new JavaSerializer(getClass().getClassLoader(), () -> {
            built.incrementAndGet();
            return DeserializationFilter.rejectingKnownGadgets();
        });
        byte[] bytes = serializer.serialize(new ArrayList<>(List.of("a")));
        assertEquals(0, built.get(), "serializing needs no filter");

        assertEquals(List.of("a"), serializer.deserialize(bytes));
        assertEquals(List.of("a"), serializer.deserialize(bytes));

        assertEquals(1, built.get());
    }

    @Test
    void theFilterBuiltLaterStillRefuses() {
        JavaSerializer serializer = new JavaSerializer(getClass().getClassLoader(),
                () -> info -> info.serialClass() == ArrayList.class ? ObjectInputFilter.Status.REJECTED
                        : ObjectInputFilter.Status.UNDECIDED);

        byte[] bytes = serializer.serialize(new ArrayList<>(List.of("a")));

        assertThrows(UnreadableValueException.class, () -> serializer.deserialize(bytes));
    }

    @Test
    void aFilterGivenUpFrontIsUsedAsItIsAndNullMeansNone() throws Exception {
        JavaSerializer unfiltered = new JavaSerializer(getClass().getClassLoader(), (ObjectInputFilter) null);
        URL url = new URL("http://example.com/");

        assertEquals(url, unfiltered.deserialize(unfiltered.serialize(url)));
    }

    @Test
    void theDefaultSerializerStillRefusesKnownGadgets() throws Exception {
        JavaSerializer serializer = new JavaSerializer();

        byte[] bytes = serializer.serialize(new URL("http://example.com/"));

        assertThrows(UnreadableValueException.class, () -> serializer.deserialize(bytes));
    }
}
