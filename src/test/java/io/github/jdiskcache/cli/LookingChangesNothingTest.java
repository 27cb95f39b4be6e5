package io.github.jdiskcache.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.DeserializationFilter;
import io.github.jdiskcache.store.EvictionPolicy;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.JavaSerializer;
import io.github.jdiskcache.store.Serializer;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.StoreOptions;
import io.github.jdiskcache.testing.Commands;
import io.github.jdiskcache.testing.DirectorySnapshot;

/** {@code stats}, {@code keys} and {@code get} never change the cache they look at. */
class LookingChangesNothingTest {
    @TempDir
    Path temp;

    private record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
    }

    /**
     * The application wrote keys and values of its own classes; the tool's JVM does not have them.
     * Counting reads (statistics, LRU) are on, so a read that records anything would show.
     */
    @Test
    void objectsOfClassesTheToolLacksAreDescribedAndLeftAlone() throws Exception {
        ClassLoader application = compileApplicationClasses();
        Serializer serializer = new JavaSerializer(application, DeserializationFilter.rejectingKnownGadgets());
        Object orderKey = application.loadClass("com.acme.OrderKey").getConstructor(long.class).newInstance(7L);
        Object order = application.loadClass("com.acme.Order").getConstructor(String.class, int.class)
                .newInstance("widget", 3);
        Object largeOrder = application.loadClass("com.acme.Order").getConstructor(String.class, int.class)
                .newInstance("x".repeat(50_000), 1);
        Path directory = temp.resolve("cache");
        String dir = directory.toString();
        Settings counting = Settings.builder().evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED).statistics(true)
                .build();
        // The writer stays open, as an application would: what it committed may still be in the WAL.
        try (FanoutCache writer = FanoutCache.open(directory, 2, counting,
                StoreOptions.defaults().withSerializer(serializer))) {
            writer.set("plain", "text");
            writer.set("order-1", order);
            writer.set("order-large", largeOrder);
            writer.set(orderKey, "keyed by a class the tool lacks");
            DirectorySnapshot before = DirectorySnapshot.of(directory);

            Result get = run("get", dir, "order-1");
            assertEquals(1, get.code(), get.toString());
            assertEquals("", get.out());
            String description = "<java com.acme.Order, " + serializer.serialize(order).length + " bytes>";
            assertTrue(get.err().startsWith("jdiskcache: cannot decode the value of order-1: " + description),
                    get.err());
            assertTrue(get.err().contains("com.acme.Order"), get.err());
            Result getLarge = run("get", dir, "order-large");
            assertEquals(1, getLarge.code(), getLarge.toString());
            assertTrue(getLarge.err().contains("<java com.acme.Order, " + serializer.serialize(largeOrder).length
                    + " bytes>"), getLarge.err());

            Result keys = run("keys", dir);
            assertEquals(0, keys.code(), keys.toString());
            assertEquals(Set.of("plain", "order-1", "order-large",
                            "<java com.acme.OrderKey, " + serializer.serialize(orderKey).length + " bytes>"),
                    Set.copyOf(keys.lines()), keys.out());

            Result stats = run("stats", dir);
            assertEquals(0, stats.code(), stats.toString());
            assertTrue(stats.lines().contains("entries:         4"), stats.out());
            assertTrue(stats.lines().contains("hits:            0"), stats.out());
            assertEquals("text" + System.lineSeparator(), run("get", dir, "plain").out());

            DirectorySnapshot.of(directory).assertUnchangedSince(before);
            assertEquals(order, writer.get("order-1"), "the value still reads where its class is");
            assertEquals(largeOrder, writer.get("order-large"));
            assertEquals("keyed by a class the tool lacks", writer.get(orderKey));
        }
    }

    /** Python's shards carry double-quoted triggers and no fanout.properties, which a writer would fix. */
    @Test
    void aCachePythonWroteIsNotUpgradedByLookingAtIt() throws Exception {
        Path directory = temp.resolve("python");
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
                "import pickle, pickletools, sys, diskcache",
                "cache = diskcache.FanoutCache(sys.argv[1], shards=2)",
                "cache.set('k', 'v')",
                "cache.set(b'bytes', 'b')",
                "cache.set(('tuple', 1), 'a key Python pickles')",
                "cache.set('dict', {'a': [1, None], 'b': (True, 'x'), 'c': {2.5}})",
                "cache.set(complex(1, 2), 'a key pickled with a call')",
                "cache.close()",
                "print(len(pickletools.optimize(pickle.dumps(complex(1, 2), protocol=pickle.HIGHEST_PROTOCOL))))"),
                directory.toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS), "python finished");
        assertEquals(0, python.exitValue(), output);
        int callingPickleSize = Integer.parseInt(output.strip());
        DirectorySnapshot before = DirectorySnapshot.of(directory);

        assertEquals(0, run("stats", directory.toString()).code());
        // Plain-data pickles are shown as Python writes them; a pickle that calls only by its size.
        assertEquals(Set.of("k", "bytes:6279746573", "('tuple', 1)", "dict",
                        "<python pickle, " + callingPickleSize + " bytes>"),
                Set.copyOf(run("keys", directory.toString()).lines()));
        assertEquals("v" + System.lineSeparator(), run("get", directory.toString(), "k").out());
        assertEquals("{'a': [1, None], 'b': (True, 'x'), 'c': {2.5}}" + System.lineSeparator(),
                run("get", directory.toString(), "dict").out());

        DirectorySnapshot.of(directory).assertUnchangedSince(before);
    }

    /** Without its WAL files a cache in a folder the tool cannot write is readable only when declared immutable. */
    @Test
    void immutableReadsACacheOnReadOnlyMedia() throws Exception {
        Path data = temp.resolve("data");
        try (FanoutCache cache = FanoutCache.open(data)) {
            cache.set("k", "v");
        }
        Path readOnly = Files.createDirectories(temp.resolve("read-only"));
        assumeTrue(Commands.succeeds("mount", "--bind", data.toString(), readOnly.toString()),
                "skipped: a read-only bind mount needs root (run the build as root, as CI does)");
        try {
            assertTrue(Commands.succeeds("mount", "-o", "remount,ro,bind", readOnly.toString()), "remount read-only");
            Result refused = run("get", readOnly.toString(), "k");
            assertEquals(1, refused.code(), refused.toString());
            assertTrue(refused.err().contains("--immutable"), refused.err());
            Result immutable = run("get", readOnly.toString(), "k", "--immutable");
            assertEquals(0, immutable.code(), immutable.toString());
            assertEquals("v" + System.lineSeparator(), immutable.out());
        } finally {
            if (!Commands.succeeds("umount", readOnly.toString())) {
                Commands.succeeds("umount", "-l", readOnly.toString());
            }
        }
    }

    /** Compiles two application classes into a folder of their own, outside the tool's class path. */
    private ClassLoader compileApplicationClasses() throws Exception {
        Path sources = Files.createDirectories(temp.resolve("src/com/acme"));
        Files.writeString(sources.resolve("OrderKey.java"),
                "package com.acme; public record OrderKey(long id) implements java.io.Serializable {}");
        Files.writeString(sources.resolve("Order.java"),
                "package com.acme; public record Order(String item, int quantity) implements java.io.Serializable {}");
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int exit = compiler.run(null, null, null, "-d", classes.toString(),
                sources.resolve("OrderKey.java").toString(), sources.resolve("Order.java").toString());
        assertEquals(0, exit, "javac");
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }
}
