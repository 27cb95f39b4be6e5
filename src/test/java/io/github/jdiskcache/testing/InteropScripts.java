package io.github.jdiskcache.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The Python scripts of the interop tests (class path {@code /interop/}), copied where Python runs them. */
public final class InteropScripts {
    /** The module the scripts import for comparing plain data. */
    private static final String SHARED = "plain_data.py";

    private InteropScripts() {
    }

    /** Copies {@code script} and the module it imports into {@code directory}; returns the script's path. */
    public static Path copy(Path directory, String script) throws IOException {
        for (String name : new String[] {SHARED, script}) {
            try (InputStream in = InteropScripts.class.getResourceAsStream("/interop/" + name)) {
                assertNotNull(in, "interop/" + name + " is not on the test class path");
                Files.copy(in, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return directory.resolve(script);
    }
}
