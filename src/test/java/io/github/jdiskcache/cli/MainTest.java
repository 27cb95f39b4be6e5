package io.github.jdiskcache.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.jdiskcache.store.EvictionPolicy;
import io.github.jdiskcache.store.FanoutCache;
import io.github.jdiskcache.store.NetworkFileSystems;
import io.github.jdiskcache.store.Settings;
import io.github.jdiskcache.store.Shard;
import io.github.jdiskcache.store.StoreOptions;
import io.github.jdiskcache.store.StoredEntry;

class MainTest {
    @TempDir
    Path temp;

    /** A cache directory that does not exist yet; {@code set} creates it. */
    private Path cacheDir() {
        return temp.resolve("cache");
    }

    private String dir() {
        return cacheDir().toString();
    }

    private record Result(int code, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, UTF_8);
        }

        List<String> lines() {
            return out().lines().toList();
        }

        String errorLine() {
            return stderr.lines().findFirst().orElse("");
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        return new Result(code, out.toByteArray(), err.toString(UTF_8));
    }

    private static Result assertExit(int expected, String... args) {
        Result result = run(args);
        assertEquals(expected, result.code(), () -> "exit code of " + List.of(args) + "; stdout: " + result.out()
                + "; stderr: " + result.stderr());
        return result;
    }

    private void withCache(Consumer<FanoutCache> body) {
        try (FanoutCache cache = FanoutCache.open(cacheDir())) {
            body.accept(cache);
        }
    }

    record Point(int x, int y) implements Serializable {
    }

    // ---------------------------------------------------------------- help and usage errors

    @ParameterizedTest
    @ValueSource(strings = {"", "help", "--help"})
    void helpPrintsUsageOnStdout(String arg) {
        Result result = assertExit(0, arg.isEmpty() ? new String[0] : new String[] {arg});
        assertTrue(result.out().startsWith("usage: jdiskcache"), result.out());
        for (Command command : Command.values()) {
            assertTrue(result.out().contains(command.syntax()), command.syntax());
        }
        assertEquals("", result.stderr());
    }

    @Test
    void unknownCommandIsAUsageError() {
        Result result = assertExit(2, "frob", dir());
        assertEquals("", result.out());
        List<String> err = result.stderr().lines().toList();
        assertEquals("jdiskcache: unknown command 'frob'", err.get(0));
        assertTrue(err.get(1).contains("jdiskcache help"), err.get(1));
    }

    @Test
    void missingArgumentsAreUsageErrorsNamingWhatIsMissing() {
        assertEquals("jdiskcache: stats: missing DIR", assertExit(2, "stats").errorLine());
        assertEquals("jdiskcache: get: missing KEY", assertExit(2, "get", dir()).errorLine());
        Result set = assertExit(2, "set", dir(), "k");
        assertEquals("jdiskcache: set: missing VALUE", set.errorLine());
        assertTrue(set.stderr().contains("usage: jdiskcache set DIR KEY VALUE [--expire SECONDS] [--tag TAG]"));
        assertFalse(Files.exists(cacheDir()));
    }

    @Test
    void extraArgumentsAreUsageErrors() {
        Result result = assertExit(2, "keys", dir(), "surplus");
        assertEquals("jdiskcache: keys: unexpected argument 'surplus'", result.errorLine());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "0", "-5", "NaN", "Infinity", "1e999"})
    void badExpireIsAUsageError(String seconds) {
        Result result = assertExit(2, "set", dir(), "k", "v", "--expire", seconds);
        assertTrue(result.stderr().startsWith("jdiskcache: --expire "), result.stderr());
        assertEquals(2, result.stderr().lines().count(), "message plus usage hint");
        assertFalse(Files.exists(cacheDir()), "nothing is created on a usage error");
    }

    @Test
    void malformedOptionsAreUsageErrors() {
        assertTrue(assertExit(2, "stats", dir(), "--verbose").stderr().startsWith("jdiskcache: unknown option --verbose"));
        assertTrue(assertExit(2, "get", dir(), "k", "--fix").stderr().startsWith("jdiskcache: get does not take --fix"));
        assertTrue(assertExit(2, "set", dir(), "k", "v", "--expire").stderr().contains("missing value"));
        assertTrue(assertExit(2, "set", dir(), "k", "v", "--tag", "a", "--tag", "b").stderr()
                .contains("--tag given more than once"));
        assertTrue(assertExit(2, "check", dir(), "--fix=yes").stderr().contains("--fix takes no value"));
        assertTrue(assertExit(2, "stats", "").stderr().contains("DIR must not be empty"));
    }

    // ---------------------------------------------------------------- set and get

    @Test
    void setCreatesTheCacheAndGetPrintsTheValue() {
        Result set = assertExit(0, "set", dir(), "greeting", "hello world");
        assertEquals("", set.out());
        assertEquals("", set.stderr());
        assertTrue(Files.isRegularFile(cacheDir().resolve("fanout.properties")));
        Result get = assertExit(0, "get", dir(), "greeting");
        assertEquals("hello world" + System.lineSeparator(), get.out());
        assertEquals("", get.stderr());
        withCache(cache -> assertEquals("hello world", cache.get("greeting")));
    }

    @Test
    void setStoresExpireAndTag() {
        double before = System.currentTimeMillis() / 1000.0;
        assertExit(0, "set", dir(), "k", "v", "--expire", "60", "--tag", "group-1");
        assertExit(0, "set", "--expire=1.5", dir(), "other", "w");
        double after = System.currentTimeMillis() / 1000.0;
        withCache(cache -> {
            StoredEntry entry = cache.getEntry("k");
            assertEquals("v", entry.value());
            assertEquals("group-1", entry.tag());
            assertNotNull(entry.expireTime());
            assertTrue(entry.expireTime() >= before + 60 && entry.expireTime() <= after + 60, entry::toString);
            StoredEntry other = cache.getEntry("other");
            assertTrue(other.expireTime() >= before + 1.5 && other.expireTime() <= after + 1.5, other::toString);
            assertNull(other.tag());
        });
    }

    @Test
    void setWithoutOptionsNeverExpiresAndHasNoTag() {
        assertExit(0, "set", dir(), "k", "v");
        withCache(cache -> {
            StoredEntry entry = cache.getEntry("k");
            assertNull(entry.expireTime());
            assertNull(entry.tag());
        });
    }

    @Test
    void setReplacesAnExistingValue() {
        assertExit(0, "set", dir(), "k", "one");
        assertExit(0, "set", dir(), "k", "two");
        assertEquals("two", assertExit(0, "get", dir(), "k").lines().get(0));
    }

    @Test
    void doubleDashLetsKeysAndValuesStartWithDashes() {
        assertExit(0, "set", dir(), "--", "--weird", "--value");
        assertExit(0, "set", dir(), "-5", "-x");
        assertEquals(List.of("--value"), assertExit(0, "get", dir(), "--", "--weird").lines());
        assertEquals(List.of("-x"), assertExit(0, "get", dir(), "-5").lines());
    }

    @Test
    void getOfAMissingKeyExitsOne() {
        assertExit(0, "set", dir(), "present", "v");
        Result result = assertExit(1, "get", dir(), "absent");
        assertEquals("", result.out());
        assertEquals("jdiskcache: key not found: absent" + System.lineSeparator(), result.stderr());
    }

    @Test
    void getOfAnExpiredKeyExitsOne() {
        withCache(cache -> cache.set("old", "v", -1.0, null));
        assertExit(1, "get", dir(), "old");
    }

    @Test
    void getRendersNonStringValues() {
        byte[] bytes = {0, 1, (byte) 0xff, '\n'};
        withCache(cache -> {
            cache.set("long", 42L);
            cache.set("double", 2.5);
            cache.set("bytes", bytes);
            cache.set("point", new Point(1, 2));
        });
        assertEquals(List.of("42"), assertExit(0, "get", dir(), "long").lines());
        assertEquals(List.of("2.5"), assertExit(0, "get", dir(), "double").lines());
        assertArrayEquals(bytes, assertExit(0, "get", dir(), "bytes").stdout(), "bytes are written raw");
        assertEquals(List.of("Point[x=1, y=2]"), assertExit(0, "get", dir(), "point").lines());
    }

    @Test
    void getPrintsALargeValueKeptInAFile() {
        String large = "x".repeat(100_000);
        assertExit(0, "set", dir(), "big", large);
        assertEquals(List.of(large), assertExit(0, "get", dir(), "big").lines());
    }

    @Test
    void getDoesNotCountHits() {
        withCache(cache -> {
            cache.set("k", "v");
            cache.stats(true, true);
        });
        assertExit(0, "get", dir(), "k");
        assertExit(1, "get", dir(), "missing");
        withCache(cache -> {
            assertEquals(0, cache.stats().hits());
            assertEquals(0, cache.stats().misses());
        });
    }

    // ---------------------------------------------------------------- keys, delete, clear

    @Test
    void keysListsLiveKeysWithTypedRendering() {
        withCache(cache -> {
            cache.set("alpha", "v");
            cache.set(42L, "v");
            cache.set(2.5, "v");
            cache.set(new byte[] {0x0a, (byte) 0xff}, "v");
            cache.set(new Point(3, 4), "v");
            cache.set("expired", "v", -1.0, null);
        });
        Result result = assertExit(0, "keys", dir());
        List<String> keys = result.lines().stream().sorted().toList();
        assertEquals(List.of("2.5", "42", "Point[x=3, y=4] (" + Point.class.getName() + ")", "alpha", "bytes:0aff"),
                keys);
        assertEquals("", result.stderr());
    }

    @Test
    void keysOfAnEmptyCachePrintsNothing() {
        withCache(cache -> { });
        assertEquals("", assertExit(0, "keys", dir()).out());
    }

    @Test
    void deleteRemovesAKeyAndFailsWhenItIsAbsent() {
        assertExit(0, "set", dir(), "k", "v");
        Result deleted = assertExit(0, "delete", dir(), "k");
        assertEquals("", deleted.out());
        assertExit(1, "get", dir(), "k");
        Result again = assertExit(1, "delete", dir(), "k");
        assertEquals("jdiskcache: key not found: k" + System.lineSeparator(), again.stderr());
    }

    @Test
    void clearPrintsHowManyEntriesWereRemoved() {
        assertExit(0, "set", dir(), "a", "1");
        assertExit(0, "set", dir(), "b", "2");
        assertExit(0, "set", dir(), "c", "3");
        assertEquals(List.of("removed 3 entries"), assertExit(0, "clear", dir()).lines());
        assertEquals("", assertExit(0, "keys", dir()).out());
        assertExit(0, "set", dir(), "a", "1");
        assertEquals(List.of("removed 1 entry"), assertExit(0, "clear", dir()).lines());
        assertEquals(List.of("removed 0 entries"), assertExit(0, "clear", dir()).lines());
    }

    // ---------------------------------------------------------------- stats

    @Test
    void statsReportsTheCache() {
        Settings settings = Settings.builder().sizeLimit(4_000_000).evictionPolicy(EvictionPolicy.LEAST_RECENTLY_USED)
                .build();
        try (FanoutCache cache = FanoutCache.open(cacheDir(), 4, settings, StoreOptions.defaults())) {
            cache.set("a", "1");
            cache.set("b", "2");
            cache.stats(true, true);
            cache.get("a");
            cache.get("nope");
            cache.get("nope2");
        }
        Result result = assertExit(0, "stats", dir());
        String out = result.out();
        assertTrue(result.lines().contains("entries:         2"), out);
        assertTrue(result.lines().contains("shards:          4"), out);
        assertTrue(result.lines().contains("size limit:      4000000 bytes (3.8 MiB)"), out);
        assertTrue(result.lines().contains("hits:            1"), out);
        assertTrue(result.lines().contains("misses:          2"), out);
        assertTrue(result.lines().contains("statistics:      on"), out);
        assertTrue(result.lines().contains("eviction policy: least-recently-used"), out);
        assertTrue(out.lines().anyMatch(line -> line.matches("volume: +\\d+ bytes.*")), out);
        assertTrue(result.lines().contains("directory:       " + cacheDir()), out);
        String fileSystem = NetworkFileSystems.typeOf(cacheDir()).orElseThrow();
        assertTrue(result.lines().contains("file system:     " + fileSystem), out);
        assertEquals("", result.stderr());
    }

    @Test
    void byteCountsShowTheirLargestWholeUnit() {
        assertEquals("1023 bytes", StatsCommand.bytes(1023));
        assertEquals("1024 bytes (1.0 KiB)", StatsCommand.bytes(1024));
        assertEquals("1048576 bytes (1.0 MiB)", StatsCommand.bytes(1 << 20));
        assertEquals("9223372036854775807 bytes (8.0 EiB)", StatsCommand.bytes(Long.MAX_VALUE));
    }

    @Test
    void statsDoesNotTurnStatisticsOn() {
        withCache(cache -> cache.set("k", "v"));
        Result result = assertExit(0, "stats", dir());
        assertTrue(result.lines().contains("statistics:      off"), result.out());
        assertTrue(result.lines().contains("eviction policy: least-recently-stored"), result.out());
        withCache(cache -> cache.shards().forEach(shard -> assertFalse(shard.settings().statistics())));
    }

    @Test
    void statsRecognizesADirectoryPythonCreated() {
        // Python's FanoutCache leaves no fanout.properties, only the shards' databases.
        for (int i = 0; i < 2; i++) {
            Shard.open(cacheDir().resolve(String.format("%03d", i))).close();
        }
        Result result = assertExit(0, "stats", dir());
        assertTrue(result.lines().contains("shards:          2"), result.out());
    }

    // ---------------------------------------------------------------- check

    @Test
    void checkOfAHealthyCacheExitsZero() {
        assertExit(0, "set", dir(), "k", "v");
        Result result = assertExit(0, "check", dir());
        assertEquals(List.of("ok: no problems found"), result.lines());
    }

    @Test
    void checkReportsAndFixesADeletedValueFile() throws IOException {
        assertExit(0, "set", dir(), "big", "x".repeat(100_000));
        Path valueFile = valueFiles().get(0);
        Files.delete(valueFile);

        Result found = assertExit(1, "check", dir());
        assertTrue(found.out().contains("file not found: " + valueFile), found.out());
        assertTrue(found.lines().get(found.lines().size() - 1).contains("--fix"), found.out());

        Result fixed = assertExit(1, "check", dir(), "--fix");
        assertTrue(fixed.out().contains("file not found: " + valueFile), fixed.out());
        assertTrue(fixed.lines().get(fixed.lines().size() - 1).endsWith("found and fixed"), fixed.out());

        assertEquals(List.of("ok: no problems found"), assertExit(0, "check", dir()).lines());
        assertExit(1, "get", dir(), "big");
    }

    private List<Path> valueFiles() throws IOException {
        try (Stream<Path> files = Files.walk(cacheDir())) {
            List<Path> values = files.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(".val")).toList();
            assertEquals(1, values.size(), values::toString);
            return values;
        }
    }

    // ---------------------------------------------------------------- directories that are not caches

    @ParameterizedTest
    @ValueSource(strings = {"stats", "check", "keys", "get", "delete", "clear"})
    void commandsOtherThanSetDoNotCreateAMissingDirectory(String command) {
        Result result = assertExit(1, argsFor(command, dir()));
        assertEquals("jdiskcache: not a jdiskcache/diskcache directory: " + dir() + System.lineSeparator(),
                result.stderr());
        assertFalse(Files.exists(cacheDir()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stats", "check", "keys", "get", "delete", "clear"})
    void commandsOtherThanSetLeaveAnUnrelatedDirectoryAlone(String command) throws IOException {
        Path unrelated = Files.createDirectory(temp.resolve("photos"));
        Files.writeString(unrelated.resolve("cat.jpg"), "meow");
        Result result = assertExit(1, argsFor(command, unrelated.toString()));
        assertTrue(result.stderr().contains("not a jdiskcache/diskcache directory: " + unrelated), result.stderr());
        try (Stream<Path> files = Files.list(unrelated)) {
            assertEquals(List.of(unrelated.resolve("cat.jpg")), files.toList());
        }
    }

    @Test
    void aRegularFileIsNotACacheDirectory() throws IOException {
        Path file = Files.writeString(temp.resolve("file.txt"), "text");
        assertExit(1, "keys", file.toString());
        Result set = assertExit(1, "set", file.toString(), "k", "v");
        assertTrue(set.stderr().startsWith("jdiskcache: "), set.stderr());
        assertEquals("text", Files.readString(file));
    }

    @Test
    void setRefusesToTurnASingleDiskcacheCacheIntoAFanoutCache() {
        Shard.open(cacheDir()).close();
        Result result = assertExit(1, "set", dir(), "k", "v");
        assertTrue(result.stderr().contains("single diskcache Cache"), result.stderr());
        assertFalse(Files.exists(cacheDir().resolve("000")));
        assertExit(1, "stats", dir());
    }

    private static String[] argsFor(String command, String directory) {
        return switch (command) {
            case "get", "delete" -> new String[] {command, directory, "k"};
            default -> new String[] {command, directory};
        };
    }

    // ---------------------------------------------------------------- store errors

    @Test
    void storeErrorsExitOneWithoutAStackTrace() throws IOException {
        Files.createDirectories(cacheDir());
        Files.writeString(cacheDir().resolve("fanout.properties"), "shards=many\n");
        Result result = assertExit(1, "stats", dir());
        assertEquals(1, result.stderr().lines().count(), result.stderr());
        assertTrue(result.stderr().startsWith("jdiskcache: cannot read the FanoutCache layout"), result.stderr());
        assertEquals("", result.out());
    }

    @Test
    void debugFlagAddsTheStackTrace() throws IOException {
        Files.createDirectories(cacheDir());
        Files.writeString(cacheDir().resolve("fanout.properties"), "shards=many\n");
        Result result = assertExit(1, "stats", dir(), "--debug");
        assertTrue(result.stderr().startsWith("jdiskcache: cannot read the FanoutCache layout"), result.stderr());
        assertTrue(result.stderr().contains("\tat io.github.jdiskcache."), result.stderr());
    }
}
