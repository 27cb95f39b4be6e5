package io.github.jdiskcache.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DiskCacheConfigurationTest {
    /** Each setter takes the ends of its range and refuses the values just outside, with the JCache-typed error. */
    @Test
    void settersTakeTheEndsOfTheirRangeAndRefuseWhatIsJustOutside() {
        DiskCacheConfiguration<String, String> configuration = new DiskCacheConfiguration<>();
        assertEquals(1, configuration.setShards(1).getShards());
        assertEquals(999, configuration.setShards(999).getShards());
        assertThrows(IllegalArgumentException.class, () -> configuration.setShards(0));
        assertThrows(IllegalArgumentException.class, () -> configuration.setShards(1000));
        assertEquals(1L, configuration.setSizeLimit(1).getSizeLimit());
        assertThrows(IllegalArgumentException.class, () -> configuration.setSizeLimit(0));
        assertEquals(1L, configuration.setMinFileSize(1).getMinFileSize());
        assertThrows(IllegalArgumentException.class, () -> configuration.setMinFileSize(0));
        assertEquals(0L, configuration.setCullLimit(0).getCullLimit());
        assertThrows(IllegalArgumentException.class, () -> configuration.setCullLimit(-1));
        assertEquals(Duration.ZERO, configuration.setLockTimeout(Duration.ZERO).getLockTimeout());
        assertThrows(IllegalArgumentException.class, () -> configuration.setLockTimeout(Duration.ofMillis(-1)));
        assertEquals(0L, configuration.setHeapBytes(0).getHeapBytes(), "0 turns the heap tier off");
        assertEquals(12_345L, configuration.setHeapBytes(12_345).getHeapBytes());
        assertThrows(IllegalArgumentException.class, () -> configuration.setHeapBytes(-1));
        assertEquals(1L, configuration.getSizeLimit(), "a refused value changes nothing");
    }
}
