package io.github.jdiskcache.jcache.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What an entry processor did, as the cache will apply it. */
class ProcessorEntryTest {
    private final List<String> loaded = new ArrayList<>();

    private String load(String key) {
        loaded.add(key);
        return "loaded-" + key;
    }

    @Test
    void readingAStoredValueIsAnAccess() {
        ProcessorEntry<String, String> entry = new ProcessorEntry<>("k", "v", this::load);
        assertEquals("v", entry.getValue());
        assertEquals(Operation.ACCESS, entry.operation());
        assertEquals(List.of(), loaded, "a stored value is not loaded");
    }

    @Test
    void readingAMissingValueLoadsItWhenReadingThrough() {
        ProcessorEntry<String, String> entry = new ProcessorEntry<>("k", null, this::load);
        assertEquals("loaded-k", entry.getValue());
        assertEquals(Operation.LOAD, entry.operation());
        assertTrue(entry.exists());
        assertEquals("loaded-k", entry.getValue(), "loaded once");
        assertEquals(List.of("k"), loaded);
    }

    @Test
    void withoutReadThroughAMissingValueStaysMissing() {
        ProcessorEntry<String, String> entry = new ProcessorEntry<>("k", null, null);
        assertNull(entry.getValue());
        assertFalse(entry.exists());
        assertEquals(Operation.NONE, entry.operation());
    }

    @Test
    void settingCreatesOrUpdatesByWhatWasStored() {
        ProcessorEntry<String, String> absent = new ProcessorEntry<>("k", null, null);
        absent.setValue("v");
        assertEquals(Operation.CREATE, absent.operation());
        ProcessorEntry<String, String> present = new ProcessorEntry<>("k", "old", null);
        present.setValue("v");
        assertEquals(Operation.UPDATE, present.operation());
        assertEquals("v", present.value());
        assertEquals("old", present.stored());
    }

    @Test
    void removingACreationUndoesItButRemovingAMissingEntryStillTellsTheWriter() {
        ProcessorEntry<String, String> created = new ProcessorEntry<>("k", null, null);
        created.setValue("v");
        created.remove();
        assertEquals(Operation.NONE, created.operation());
        ProcessorEntry<String, String> missing = new ProcessorEntry<>("k", null, null);
        missing.remove();
        assertEquals(Operation.REMOVE, missing.operation());
        assertFalse(missing.exists());
    }

    @Test
    void aNullValueIsRefused() {
        ProcessorEntry<String, String> entry = new ProcessorEntry<>("k", "v", null);
        assertThrows(NullPointerException.class, () -> entry.setValue(null));
        assertEquals(Operation.NONE, entry.operation());
    }
}
