package io.github.jdiskcache.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.pickle.PlainData;
import io.github.jdiskcache.store.pickle.PlainDataAssertions;
import io.github.jdiskcache.store.pickle.PythonRepr;
import io.github.jdiskcache.testing.InteropScripts;

/**
 * On-disk compatibility with Python's diskcache (Debian's python3-diskcache 5.4.0): both sides
 * open the same {@code FanoutCache(dir, shards=8)} directory and must read each other's entries
 * with their types, expiry and tags, route every key to the same shard, and leave the shards
 * consistent for each other's {@code check()}.
 *
 * <p>The Python side is {@code interop/diskcache_interop.py}, run with {@code /usr/bin/python3}
 * (never a pyenv interpreter, which lacks the Debian package). Keys and values cross the process
 * boundary as typed tokens ({@code str:HEX}, {@code bytes:HEX}, {@code int:N}, {@code float:HEX},
 * {@code none:}), so a type change on either side is a test failure, not a silent conversion.
 * Missing Python or diskcache fails the tests; it is never a reason to skip them.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PythonInteropTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String INSTALL_HINT =
            "install Debian package python3-diskcache (apt-get install python3-diskcache)";
    private static final long PROCESS_TIMEOUT_SECONDS = 60;
    private static final int SHARDS = 8;
    private static final HexFormat HEX = HexFormat.of();
    /** Python's value when {@code FanoutCache.get} found no entry (distinct from None). */
    private static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    @TempDir
    static Path scriptDirectory;
    private static Path script;

    @TempDir
    Path temp;

    /** An entry as written by one side and expected back on the other. */
    private record Entry(Object key, Object value, Double expireSeconds, Object tag) {
        static Entry of(Object key, Object value) {
            return new Entry(key, value, null, null);
        }
    }

    /** What Python's {@code FanoutCache.get(key, expire_time=True, tag=True)} and the shard tables say. */
    private record PythonEntry(Object value, Double expireTime, Object tag, int mode, int hashShard,
                               String inShards) {
    }

    private record PythonCheck(long length, List<String> warnings) {
    }

    private record ProcessOutput(int exitCode, String stdout, String stderr) {
    }

    // ---------------------------------------------------------------- tests

    /** Requirement 1: a cache written by Python is read back by Java, with types, expiry, tags and shards. */
    @Test
    void javaReadsWhatPythonWrote() {
        Path directory = cacheDirectory();
        List<Entry> entries = nativeEntries();
        pythonWrite(directory, entries);
        Map<String, PythonEntry> python = pythonRead(directory, entries);
        assertFalse(Files.exists(directory.resolve(FanoutLayout.FILE)), "Python knows nothing of Java's layout file");

        try (FanoutCache cache = FanoutCache.open(directory)) {
            assertEquals(SHARDS, cache.shardCount(), "shard count inferred from Python's 000..007 directories");
            assertSameView(cache, entries, python);
            assertEquals(List.of(), cache.check(false));
            assertEquals(entries.size(), cache.size());
        }
        assertPythonCheckClean(directory, entries.size());
    }

    /**
     * Requirement 1, shard count: with 8 shards inference cannot be told from the default, so a
     * Python cache of 3 shards must be opened as 3 shards and read through Python's routing. An odd
     * count also checks more of the hash: modulo 8 only sees adler32's low bits, a plain byte sum
     * that cannot tell byte order (e.g. of a double key) apart.
     */
    @Test
    void javaInfersTheShardCountPythonUsed() {
        Path directory = cacheDirectory();
        List<Entry> entries = nativeEntries();
        pythonWrite(directory, 3, entries);
        Map<String, PythonEntry> python = pythonRead(directory, 3, entries);

        try (FanoutCache cache = FanoutCache.open(directory)) {
            assertEquals(3, cache.shardCount(), "shard count inferred from Python's 000..002 directories");
            assertSameView(cache, entries, python);
            assertEquals(List.of(), cache.check(false));
        }
    }

    /** Requirement 2: a cache written by Java is read back by Python, with types, expiry, tags and shards. */
    @Test
    void pythonReadsWhatJavaWrote() {
        Path directory = cacheDirectory();
        List<Entry> entries = nativeEntries();
        try (FanoutCache cache = FanoutCache.open(directory, SHARDS, Settings.none(), StoreOptions.defaults())) {
            javaWrite(cache, entries);
        }
        Map<String, PythonEntry> python = pythonRead(directory, entries);
        assertPythonCheckClean(directory, entries.size());

        // Python's open rewrote every shard's settings (size_limit as REAL): Java must still agree.
        try (FanoutCache cache = FanoutCache.open(directory)) {
            assertEquals(SHARDS, cache.shardCount());
            assertSameView(cache, entries, python);
            assertEquals(List.of(), cache.check(false));
        }
    }

    /**
     * Requirement 3: values only Java can decode (mode 5) read as None in Python, without an error,
     * whether inline or in a value file, and leave Python's check() clean.
     */
    @Test
    void javaOnlyValuesReadAsNoneInPython() {
        Path directory = cacheDirectory();
        ArrayList<Object> small = new ArrayList<>(List.of("java", 1L, 2.5));
        ArrayList<Object> large = new ArrayList<>(List.of(bigString(1))); // serialized >= 32 KiB: a value file
        List<Entry> entries = List.of(
                Entry.of("java list", small),
                new Entry("large java list", large, 3600.0, "java only"),
                Entry.of("native neighbour", "shared"));
        Double javaExpireTime;
        try (FanoutCache cache = FanoutCache.open(directory, SHARDS, Settings.none(), StoreOptions.defaults())) {
            javaWrite(cache, entries);
            StoredEntry written = cache.getEntry("large java list");
            assertNotNull(written, "Java reads back its own entry");
            javaExpireTime = written.expireTime();
        }
        assertEquals(1, countValueFiles(directory), "the large Java-only value lives in a value file");

        Map<String, PythonEntry> python = pythonRead(directory, entries);
        for (Entry entry : entries.subList(0, 2)) {
            PythonEntry seen = python.get(token(entry.key()));
            String what = "Python's view of " + show(entry.key());
            assertEquals(ValueMode.SERIALIZED, seen.mode(), what + ": mode");
            assertEquals(String.valueOf(seen.hashShard()), seen.inShards(), what + ": row is in the routed shard");
            assertNull(seen.value(), what + ": a Java-only value reads as None, not as a miss or an error");
        }
        PythonEntry largeSeen = python.get(token("large java list"));
        assertEquals("java only", largeSeen.tag(), "Python reads the metadata of a Java-only value");
        assertNotNull(largeSeen.expireTime(), "Python's expire_time of a Java-only value");
        assertEquals(javaExpireTime, largeSeen.expireTime(), 1e-3);
        assertEquals("shared", python.get(token("native neighbour")).value());
        assertPythonCheckClean(directory, entries.size());

        try (FanoutCache cache = FanoutCache.open(directory)) {
            assertEquals(small, cache.get("java list"));
            assertEquals(large, cache.get("large java list"));
            assertEquals(List.of(), cache.check(false));
        }
    }

    /**
     * A value Python pickled with a call (here a complex number, built by calling builtins.complex)
     * is a miss for every Java read, is not contained, does not stop iteration, and stays intact for
     * Python: neither reads nor Java's repair remove it.
     */
    @Test
    void aPythonPickleThatCallsIsAMissForJavaAndStaysForPython() {
        Path directory = cacheDirectory();
        Entry pickled = Entry.of("pickled", new PythonLiteral("(1+2j)"));
        Entry text = Entry.of("text", "both read this");
        pythonWrite(directory, List.of(pickled, text));
        try (FanoutCache cache = FanoutCache.open(directory)) {
            assertNull(cache.get("pickled"));
            assertNull(cache.getEntry("pickled"));
            assertNull(cache.shardFor("pickled").lookup("pickled"));
            assertFalse(cache.contains("pickled"));
            List<Object> readable = new ArrayList<>();
            cache.keys().forEachRemaining(key -> {
                if (cache.get(key) != null) {
                    readable.add(key);
                }
            });
            assertEquals(List.of("text"), readable);
            assertEquals(0, cache.damagedEntryCount());
            assertEquals(5, cache.unreadableReadCount());
            assertEquals(List.of(), cache.check(true));
        }
        Map<String, PythonEntry> python = pythonRead(directory, List.of(pickled, text));
        assertEquals(new PythonLiteral("(1+2j)"), python.get(token("pickled")).value());
        assertEquals(ValueMode.PICKLE, python.get(token("pickled")).mode());
        assertEquals("both read this", python.get(token("text")).value());
    }

    /** A Python value given by its source text ({@code repr}), for what Java has no counterpart of or compares as Python does. */
    private record PythonLiteral(String source) {
    }

    /**
     * Plain data Python pickled (dict, list, tuple, set, frozenset, None, bool, big int, and a tuple
     * as a key) is read by Java as the Java types of the mapping, and found by its tuple key.
     */
    @Test
    void javaReadsThePlainDataPythonPickled() {
        Path directory = cacheDirectory();
        Map<String, Object> expected = new LinkedHashMap<>();
        LinkedHashMap<Object, Object> dict = new LinkedHashMap<>();
        dict.put("k", new ArrayList<>(java.util.Arrays.asList(1L, null)));
        dict.put("big", java.math.BigInteger.TWO.pow(70));
        dict.put(PlainData.tuple(1L, "t"), 2.5);
        expected.put("{'k': [1, None], 'big': 2**70, (1, 't'): 2.5}", dict);
        expected.put("[1, 'two', 3.5, b'\\x00']", new ArrayList<>(List.of(1L, "two", 3.5, new byte[] {0})));
        expected.put("('a', (1, 2), None)", PlainData.tuple("a", PlainData.tuple(1L, 2L), null));
        expected.put("{1, 'x'}", new LinkedHashSet<>(List.of(1L, "x")));
        expected.put("frozenset({(1, 2)})", new LinkedHashSet<>(List.of(PlainData.tuple(1L, 2L))));
        expected.put("True", true);
        expected.put("-2**100", java.math.BigInteger.TWO.pow(100).negate());
        List<Entry> entries = new ArrayList<>();
        expected.keySet().forEach(source -> entries.add(Entry.of(source, new PythonLiteral(source))));
        entries.add(Entry.of("None", new PythonLiteral("None")));
        entries.add(Entry.of(new PythonLiteral("('job', 1)"), "tuple keyed"));
        pythonWrite(directory, entries);

        try (FanoutCache cache = FanoutCache.open(directory, null, Settings.none(),
                StoreOptions.defaults().withPicklePlainValues(true))) {
            expected.forEach((key, value) -> PlainDataAssertions.assertSameData(value, cache.get(key)));
            assertNull(cache.get("None"), "a None value is a miss: JCache has no null values");
            assertEquals("tuple keyed", cache.get(PlainData.tuple("job", 1L)), "found by the tuple Python keyed it with");
            List<Object> keys = new ArrayList<>();
            cache.keys().forEachRemaining(keys::add);
            assertTrue(keys.contains(PlainData.tuple("job", 1L)), keys.toString());
            assertEquals(0, cache.unreadableReadCount());
            assertEquals(List.of(), cache.check(false));
        }
    }

    /**
     * With pickle_plain_values on, Python reads Java's plain data as the same Python data (types
     * included), finds Java's tuple key, and its check() stays clean; what is not plain stays
     * Java's (None for Python).
     */
    @Test
    void pythonReadsThePlainDataJavaPickled() {
        Path directory = cacheDirectory();
        LinkedHashMap<Object, Object> dict = new LinkedHashMap<>();
        dict.put("k", new ArrayList<>(java.util.Arrays.asList(1L, null, true)));
        dict.put(PlainData.tuple("t", 2L), new LinkedHashSet<>(List.of(1.5, "s")));
        List<Entry> entries = List.of(
                Entry.of("dict", dict),
                Entry.of("list", new ArrayList<>(List.of("a", 42L, new byte[] {1, 2}))),
                Entry.of("tuple", PlainData.tuple("a", null, PlainData.tuple())),
                Entry.of("set", new LinkedHashSet<>(List.of(1L, "x"))),
                Entry.of("bool", false),
                Entry.of("big int", java.math.BigInteger.TEN.pow(30)),
                Entry.of("large list", new ArrayList<>(List.of(bigString(3)))),
                Entry.of(PlainData.tuple("job", 1L), "tuple keyed"));
        try (FanoutCache cache = FanoutCache.open(directory, SHARDS, Settings.none(),
                StoreOptions.defaults().withPicklePlainValues(true))) {
            entries.forEach(entry -> cache.set(entry.key(), entry.value()));
            cache.set("not plain", new ArrayList<>(List.of(1, 2))); // Integers: Java serialization
        }
        StringBuilder input = new StringBuilder();
        entries.forEach(entry -> input.append(token(entry.key())).append(' ').append(token(entry.value())).append('\n'));
        input.append(token("not plain")).append(" none:\n");
        for (String line : python(input.toString(), "same", directory.toString())) {
            assertTrue(line.endsWith(" ok"), "Python reads other data: " + line);
        }
        Map<String, PythonEntry> python = pythonRead(directory, entries);
        for (Entry entry : entries.subList(0, entries.size() - 1)) {
            assertEquals(ValueMode.PICKLE, python.get(token(entry.key())).mode(), show(entry.key()) + ": mode column");
        }
        assertPythonCheckClean(directory, entries.size() + 1);
    }

    /**
     * Java keys without a native form are serialized under raw=2, so Python's iteration (which
     * unpickles every raw=0 key) hands them out as bytes instead of failing on Java bytes.
     */
    @Test
    void pythonIteratesOverJavaSerializedKeys() {
        Path directory = cacheDirectory();
        java.util.UUID javaKey = java.util.UUID.fromString("00000000-0000-0000-0000-000000000001");
        try (FanoutCache cache = FanoutCache.open(directory, SHARDS, Settings.none(), StoreOptions.defaults())) {
            cache.set(javaKey, "java keyed");
            cache.set("plain", "shared");
        }
        List<String> keys = python("", "keys", directory.toString());
        assertEquals(2, keys.size(), "Python iterates both keys: " + keys);
        assertTrue(keys.contains(token("plain")), keys.toString());
        assertTrue(keys.stream().anyMatch(key -> key.startsWith("bytes:aced")),
                "the Java key reaches Python as its serialized bytes: " + keys);
        assertPythonCheckClean(directory, 2);
        try (FanoutCache cache = FanoutCache.open(directory)) {
            assertEquals("java keyed", cache.get(javaKey));
        }
    }

    /**
     * Requirement 4: Python creates its count/size triggers with double-quoted literals ("count").
     * Java's writes and deletes on such a cache must keep Settings.count and Settings.size right,
     * and Python must keep working on it afterwards.
     */
    @Test
    void countersStayRightOnPythonCreatedTriggers() throws SQLException {
        Path directory = cacheDirectory();
        List<Entry> pythonEntries = nativeEntries();
        pythonWrite(directory, pythonEntries);
        assertTriggersUseDoubleQuotedLiterals(directory);
        Map<String, Entry> expected = byKey(pythonEntries);

        try (FanoutCache cache = FanoutCache.open(directory)) {
            // 40 keys reach every shard; every fourth value is a file, so Settings.size moves too.
            for (long i = 0; i < 40; i++) {
                javaPut(cache, expected, Entry.of("java " + i, i % 4 == 0 ? bigBytes((int) i) : (Object) i));
            }
            // Overwrites run the size-update trigger: file -> inline and inline -> file.
            javaPut(cache, expected, Entry.of("big bytes", "no longer a file"));
            javaPut(cache, expected, Entry.of("plain str key", bigBytes(99)));
            // Deletes of Python's and Java's rows, file-backed ones among them.
            for (Object key : List.of("big str", 12345L, "java 4", "java 5")) {
                assertTrue(cache.delete(key), "delete " + show(key));
                expected.remove(token(key));
            }
            assertEquals(List.of(), cache.check(false));
            assertEquals(expected.size(), cache.size());
        }
        assertPythonCheckClean(directory, expected.size());

        // Python keeps writing and deleting on the cache Java changed.
        List<Entry> pythonLater = List.of(
                Entry.of("python later", bigString(7)),
                Entry.of("java 8", "overwritten by Python"),
                Entry.of(-7L, 3L));
        pythonWrite(directory, pythonLater);
        pythonLater.forEach(entry -> expected.put(token(entry.key()), entry));
        List<Object> pythonDeletes = List.of("java 1", "java 12", bytes(0, 1, 2, 0xff));
        pythonDelete(directory, pythonDeletes);
        pythonDeletes.forEach(key -> expected.remove(token(key)));
        assertPythonCheckClean(directory, expected.size());

        try (FanoutCache cache = FanoutCache.open(directory)) {
            assertSameView(cache, expected.values(), pythonRead(directory, expected.values()));
            assertEquals(List.of(), cache.check(false));
            assertEquals(expected.size(), cache.size());
        }
    }

    /**
     * Requirement 5: overwrites of the same keys alternate between the sides while Java keeps the
     * cache open, moving values between inline and file storage; each side sees the other's
     * latest value and the side that overwrites removes the other's old value file.
     */
    @Test
    void overwritesAreSeenInBothDirections() {
        Path directory = cacheDirectory();
        try (FanoutCache cache = FanoutCache.open(directory, SHARDS, Settings.none(), StoreOptions.defaults())) {
            List<Entry> javaFirst = List.of(
                    new Entry("shared str", "from Java", null, "java"),
                    Entry.of("shared file", bigBytes(1)),
                    new Entry(77L, 1L, 3600.0, null));
            javaWrite(cache, javaFirst);
            assertSameView(cache, javaFirst, pythonRead(directory, javaFirst));

            List<Entry> pythonSecond = List.of(
                    new Entry("shared str", bigString(2), null, "python"), // inline -> text file
                    Entry.of("shared file", bytes(1, 2, 3)),                // Java's file -> inline
                    Entry.of(77L, "expiry cleared by Python"));
            pythonWrite(directory, pythonSecond);
            assertSameView(cache, pythonSecond, pythonRead(directory, pythonSecond));

            List<Entry> javaThird = List.of(
                    Entry.of("shared str", 5L),                             // Python's file -> inline
                    new Entry("shared file", bigBytes(2), null, 9L),        // inline -> file
                    new Entry(77L, 0.5, 3600.0, 0.25));
            javaWrite(cache, javaThird);
            assertSameView(cache, javaThird, pythonRead(directory, javaThird));

            assertEquals(List.of(), cache.check(false), "no value file left behind by either side");
            assertEquals(javaThird.size(), cache.size());
        }
        assertPythonCheckClean(directory, 3);
    }

    // ---------------------------------------------------------------- sample data

    /**
     * Every native type as key and value: the keys hit each hashing branch (text, blob, integer
     * with floor modulo by 2^32 - 1, IEEE-754 double), the values each storage mode (inline, bytes
     * file = mode 2, UTF-8 text file = mode 3), plus expiry and tags of each type.
     */
    private static List<Entry> nativeEntries() {
        return List.of(
                Entry.of("plain str key", "plain str value"),
                Entry.of("unicode é€日本 😀", "valeur é€日本 😀"),
                Entry.of("", "value of the empty key"),
                Entry.of("empty str value", ""),
                Entry.of(bytes(0, 1, 2, 0xff), bytes(0xca, 0xfe)),
                Entry.of("bytes".getBytes(UTF_8), 42L),
                Entry.of("empty bytes value", new byte[0]),
                Entry.of(0L, -1L),
                Entry.of(12345L, 2.5),
                Entry.of(-7L, "negative int key"),
                Entry.of((1L << 40) + 5, Long.MAX_VALUE),
                Entry.of(Long.MIN_VALUE, Long.MIN_VALUE),
                Entry.of(Long.MAX_VALUE, -0.125),
                Entry.of(1.5, Double.MAX_VALUE),
                Entry.of(-0.25, 1e-300),
                Entry.of(Math.PI, Double.NEGATIVE_INFINITY),
                Entry.of(1e300, "float key beyond the 64-bit integers"),
                Entry.of("big bytes", bigBytes(0)),
                Entry.of("big str", bigString(0)),
                new Entry("expiring", "expires in an hour", 3600.0, null),
                new Entry("tagged", "str tag", null, "a tag"),
                new Entry(99L, bigBytes(3), 3600.0, bytes(0x74, 0x61, 0x67)),
                new Entry(2.75, 1L, null, 7L),
                new Entry("float tagged", "float tag", null, 0.5));
    }

    /** 40,000 bytes: above diskcache's 32 KiB min_file_size, so stored in a file (mode 2). */
    private static byte[] bigBytes(int seed) {
        byte[] bytes = new byte[40_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    /**
     * 33,000 characters, all in the BMP so Java's length and Python's len agree (both choose a
     * text file, mode 3); non-ASCII so the UTF-8 file is longer than the string. No '\r': Python
     * reads text files with universal newlines.
     */
    private static String bigString(int seed) {
        StringBuilder text = new StringBuilder("seed " + seed + "\n");
        while (text.length() < 33_000) {
            text.append("diskcache é€日本 ").append(text.length()).append('\n');
        }
        return text.substring(0, 33_000);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** The mode both implementations choose for a native value. */
    private static int expectedMode(Object value) {
        if (value instanceof byte[] bytes && bytes.length >= 32_768) {
            return ValueMode.BINARY;
        }
        if (value instanceof String text && text.length() >= 32_768) {
            return ValueMode.TEXT;
        }
        return ValueMode.RAW;
    }

    // ---------------------------------------------------------------- Java side

    private Path cacheDirectory() {
        return temp.resolve("fanout");
    }

    private static void javaWrite(FanoutCache cache, Collection<Entry> entries) {
        for (Entry entry : entries) {
            cache.set(entry.key(), entry.value(), entry.expireSeconds(), entry.tag());
        }
    }

    private static void javaPut(FanoutCache cache, Map<String, Entry> expected, Entry entry) {
        javaWrite(cache, List.of(entry));
        expected.put(token(entry.key()), entry);
    }

    private static Map<String, Entry> byKey(List<Entry> entries) {
        Map<String, Entry> byKey = new LinkedHashMap<>();
        entries.forEach(entry -> byKey.put(token(entry.key()), entry));
        return byKey;
    }

    /**
     * Both sides hold exactly {@code entries}: equal values of the same types, the same expire
     * time and tag, in the shard both route the key to, stored in the same mode.
     */
    private static void assertSameView(FanoutCache cache, Collection<Entry> entries, Map<String, PythonEntry> python) {
        double now = System.currentTimeMillis() / 1000.0;
        for (Entry entry : entries) {
            String what = show(entry.key());
            PythonEntry seen = python.get(token(entry.key()));
            assertNotNull(seen, what + ": Python reported nothing");
            StoredEntry stored = cache.getEntry(entry.key());
            assertNotNull(stored, what + ": Java finds no entry");

            assertSameValue(entry.value(), seen.value(), what + ": value Python reads");
            assertSameValue(entry.value(), stored.value(), what + ": value Java reads");
            assertSameValue(entry.value(), cache.get(entry.key()), what + ": value of Java's get");
            assertSameValue(entry.tag(), seen.tag(), what + ": tag Python reads");
            assertSameValue(entry.tag(), stored.tag(), what + ": tag Java reads");
            assertEquals(expectedMode(entry.value()), seen.mode(), what + ": mode column");

            if (entry.expireSeconds() == null) {
                assertNull(seen.expireTime(), what + ": Python's expire_time");
                assertNull(stored.expireTime(), what + ": Java's expireTime");
            } else {
                assertNotNull(seen.expireTime(), what + ": Python's expire_time");
                assertNotNull(stored.expireTime(), what + ": Java's expireTime");
                assertEquals(seen.expireTime(), stored.expireTime(), 1e-3, what + ": expire time");
                // Absolute epoch seconds about expireSeconds from now (the writes happened moments ago).
                assertEquals(now + entry.expireSeconds(), stored.expireTime(), 300, what + ": expire time is absolute");
            }

            String pythonShard = FanoutLayout.shardName(seen.hashShard());
            assertEquals(pythonShard, cache.shardFor(entry.key()).directory().getFileName().toString(),
                    what + ": shard Java routes to");
            assertEquals(String.valueOf(seen.hashShard()), seen.inShards(), what + ": shards holding the row");
        }
    }

    /** Equal and of the same Java type; byte arrays by content. */
    private static void assertSameValue(Object expected, Object actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
        } else if (expected instanceof byte[] bytes) {
            assertInstanceOf(byte[].class, actual, what);
            assertArrayEquals(bytes, (byte[]) actual, what);
        } else {
            assertNotNull(actual, what);
            assertEquals(expected.getClass(), actual.getClass(), what + ": type of " + show(actual));
            assertEquals(expected, actual, what);
        }
    }

    private static long countValueFiles(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(path -> path.getFileName().toString().endsWith(".val")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Precondition of requirement 4: diskcache 5.x wrote "count"/"size" as double-quoted literals. */
    private static void assertTriggersUseDoubleQuotedLiterals(Path directory) throws SQLException {
        for (int i = 0; i < SHARDS; i++) {
            Path database = directory.resolve(FanoutLayout.shardName(i)).resolve(Shard.DATABASE_FILE);
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                 ResultSet row = connection.createStatement().executeQuery(
                         "SELECT group_concat(sql, ' ') FROM sqlite_master WHERE type = 'trigger'")) {
                String triggers = row.next() ? row.getString(1) : null;
                assertNotNull(triggers, database + " has no triggers");
                assertTrue(triggers.contains("\"count\"") && triggers.contains("\"size\""),
                        "expected diskcache's DQS trigger literals in " + database + ": " + triggers);
            }
        }
    }

    private static String show(Object value) {
        if (value instanceof byte[] bytes) {
            return "b'" + (bytes.length > 16 ? HEX.formatHex(bytes, 0, 16) + "...(" + bytes.length + " bytes)"
                    : HEX.formatHex(bytes)) + "'";
        }
        if (value instanceof String text) {
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "...(" + text.length() + " chars)" : text) + "\"";
        }
        return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
    }

    // ---------------------------------------------------------------- Python side

    private static void pythonWrite(Path directory, Collection<Entry> entries) {
        pythonWrite(directory, SHARDS, entries);
    }

    private static void pythonWrite(Path directory, int shards, Collection<Entry> entries) {
        StringBuilder input = new StringBuilder();
        for (Entry entry : entries) {
            input.append(token(entry.key())).append(' ').append(token(entry.value())).append(' ')
                    .append(token(entry.expireSeconds())).append(' ').append(token(entry.tag())).append('\n');
        }
        python(input.toString(), "--shards", String.valueOf(shards), "write", directory.toString());
    }

    private static void pythonDelete(Path directory, Collection<Object> keys) {
        StringBuilder input = new StringBuilder();
        keys.forEach(key -> input.append(token(key)).append('\n'));
        for (String line : python(input.toString(), "delete", directory.toString())) {
            assertTrue(line.endsWith(" true"), "Python found nothing to delete: " + line);
        }
    }

    /** Python's view of each entry's key, by key token. */
    private static Map<String, PythonEntry> pythonRead(Path directory, Collection<Entry> entries) {
        return pythonRead(directory, SHARDS, entries);
    }

    private static Map<String, PythonEntry> pythonRead(Path directory, int shards, Collection<Entry> entries) {
        StringBuilder input = new StringBuilder();
        entries.forEach(entry -> input.append(token(entry.key())).append('\n'));
        Map<String, PythonEntry> result = new LinkedHashMap<>();
        for (String line : python(input.toString(), "--shards", String.valueOf(shards), "read",
                directory.toString())) {
            String[] fields = line.split(" ");
            assertEquals(7, fields.length, "unexpected read output: " + line);
            Object value = decode(fields[1]);
            assertFalse(value == MISSING, "Python's FanoutCache.get misses " + show(decode(fields[0])));
            result.put(fields[0], new PythonEntry(value, (Double) decode(fields[2]), decode(fields[3]),
                    Integer.parseInt(fields[4]), Integer.parseInt(fields[5]), fields[6]));
        }
        assertEquals(entries.size(), result.size(), "Python read a different number of keys");
        return result;
    }

    private static PythonCheck pythonCheck(Path directory) {
        List<String> lines = python("", "check", directory.toString());
        assertTrue(lines.get(0).startsWith("len "), "unexpected check output: " + lines);
        List<String> warnings = lines.subList(1, lines.size()).stream().map(line -> line.substring("warning ".length()))
                .toList();
        return new PythonCheck(Long.parseLong(lines.get(0).substring("len ".length())), warnings);
    }

    /** Python's check() finds nothing wrong and its len() (Settings.count) is {@code length}. */
    private static void assertPythonCheckClean(Path directory, long length) {
        PythonCheck check = pythonCheck(directory);
        assertEquals(List.of(), check.warnings(), "warnings of Python's FanoutCache.check()");
        assertEquals(length, check.length(), "Python's len(cache)");
    }

    /** Runs the interop script; fails with its stderr unless it exits 0. Returns stdout's lines. */
    private static List<String> python(String input, String... arguments) {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(arguments));
        ProcessOutput output = run(command, input);
        if (output.exitCode() != 0) {
            fail(String.join(" ", command) + " exited with " + output.exitCode() + "\nstderr:\n" + output.stderr());
        }
        return output.stdout().lines().toList();
    }

    private static ProcessOutput run(List<String> command, String input) {
        try {
            Path stdin = Files.createTempFile(scriptDirectory, "stdin", ".txt");
            Path stdout = Files.createTempFile(scriptDirectory, "stdout", ".txt");
            Path stderr = Files.createTempFile(scriptDirectory, "stderr", ".txt");
            Files.writeString(stdin, input, UTF_8);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(stdin.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            // Only Debian's diskcache counts: keep the caller's Python settings and user packages out.
            builder.environment().keySet().removeIf(name -> name.startsWith("PYTHON"));
            builder.environment().put("PYTHONNOUSERSITE", "1");
            builder.environment().put("PYTHONIOENCODING", "utf-8");
            Process process = builder.start();
            if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail(String.join(" ", command) + " did not finish in " + PROCESS_TIMEOUT_SECONDS + " s\nstderr:\n"
                        + Files.readString(stderr, UTF_8));
            }
            return new ProcessOutput(process.exitValue(), Files.readString(stdout, UTF_8),
                    Files.readString(stderr, UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e + "; " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Puts the script where Python can run it and fails every test if Debian's diskcache is absent. */
    @BeforeAll
    static void findPythonDiskcache() throws IOException {
        script = InteropScripts.copy(scriptDirectory, "diskcache_interop.py");
        ProcessOutput probe = run(List.of(PYTHON, "-c", "import diskcache"), "");
        if (probe.exitCode() != 0) {
            fail(PYTHON + " cannot import diskcache; " + INSTALL_HINT + "\n" + probe.stderr());
        }
    }

    // ---------------------------------------------------------------- typed tokens (see the script)

    private static String token(Object value) {
        if (value == null) {
            return "none:";
        }
        if (value instanceof String text) {
            return "str:" + HEX.formatHex(text.getBytes(UTF_8));
        }
        if (value instanceof byte[] bytes) {
            return "bytes:" + HEX.formatHex(bytes);
        }
        if (value instanceof Long number) {
            return "int:" + number;
        }
        if (value instanceof Double number) {
            return "float:" + Double.toHexString(number); // Python's float.fromhex reads "Infinity" too
        }
        if (value instanceof PythonLiteral literal) {
            return "py:" + HEX.formatHex(literal.source().getBytes(UTF_8));
        }
        if (PlainData.isPlain(value)) {
            return "py:" + HEX.formatHex(PythonRepr.of(value).getBytes(UTF_8));
        }
        throw new IllegalArgumentException("no Python counterpart for " + value.getClass().getName());
    }

    private static Object decode(String token) {
        int colon = token.indexOf(':');
        assertTrue(colon > 0, "not a token: " + token);
        String payload = token.substring(colon + 1);
        switch (token.substring(0, colon)) {
            case "none":
                return null;
            case "missing":
                return MISSING;
            case "str":
                return new String(HEX.parseHex(payload), UTF_8);
            case "bytes":
                return HEX.parseHex(payload);
            case "int": {
                java.math.BigInteger integer = new java.math.BigInteger(payload);
                return integer.bitLength() < Long.SIZE ? (Object) integer.longValue() : integer;
            }
            case "py":
                return new PythonLiteral(new String(HEX.parseHex(payload), UTF_8));
            case "float":
                return switch (payload) {
                    case "inf" -> Double.POSITIVE_INFINITY;
                    case "-inf" -> Double.NEGATIVE_INFINITY;
                    case "nan" -> Double.NaN;
                    default -> Double.parseDouble(payload);
                };
            default:
                return fail("Python returned a value of an unexpected type: " + token);
        }
    }
}
