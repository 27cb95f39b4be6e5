package io.github.jdiskcache.store.pickle;

import static io.github.jdiskcache.store.pickle.PythonConstant.BOOL;
import static io.github.jdiskcache.store.pickle.PythonConstant.BYTES;
import static io.github.jdiskcache.store.pickle.PythonConstant.DICT;
import static io.github.jdiskcache.store.pickle.PythonConstant.ENOVAL;
import static io.github.jdiskcache.store.pickle.PythonConstant.FLOAT;
import static io.github.jdiskcache.store.pickle.PythonConstant.INT;
import static io.github.jdiskcache.store.pickle.PythonConstant.LIST;
import static io.github.jdiskcache.store.pickle.PythonConstant.NONE_TYPE;
import static io.github.jdiskcache.store.pickle.PythonConstant.SET;
import static io.github.jdiskcache.store.pickle.PythonConstant.STR;
import static io.github.jdiskcache.store.pickle.PythonConstant.TUPLE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.testing.InteropScripts;
import io.github.jdiskcache.testing.Python;

/**
 * The codec against CPython itself (Debian's /usr/bin/python3): Python loads what Java writes as
 * the same data; Java reads what Python writes at protocols 2 to 5 and refuses what protocols 2 and
 * 3 write with calls (bytes, sets); and Java's pickles are byte for byte what
 * {@code pickletools.optimize(pickle.dumps(value, 4 or 5))} gives, which is how diskcache finds a
 * pickled key. Missing Python fails the test; it is never a reason to skip it.
 */
class PythonPicklesTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path temp;

    @Test
    void pythonLoadsWhatJavaWritesAsTheSameData() throws Exception {
        List<Object> values = PlainSamples.values();
        StringBuilder input = new StringBuilder();
        for (Object value : values) {
            for (int protocol : new int[] {4, 5}) {
                input.append(HEX.formatHex(Pickles.dumps(value, protocol))).append(' ').append(expression(value)).append('\n');
            }
        }
        List<String> answers = python("load", input.toString());
        assertEquals(2 * values.size(), answers.size());
        for (int i = 0; i < answers.size(); i++) {
            assertEquals("ok", answers.get(i), "Python's view of " + PythonRepr.of(values.get(i / 2)));
        }
    }

    @Test
    void javaReadsWhatPythonWritesAndWritesTheBytesOfItsOptimizedPickles() throws Exception {
        List<Object> values = PlainSamples.values();
        StringBuilder input = new StringBuilder();
        values.forEach(value -> input.append(expression(value)).append('\n'));
        List<String> answers = python("dump", input.toString());
        assertEquals(values.size(), answers.size());
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            String what = PythonRepr.of(value);
            String[] pickles = answers.get(i).split(" ");
            for (int protocol = 2; protocol <= 5; protocol++) {
                byte[] pickle = HEX.parseHex(pickles[protocol - 2]);
                if (needsACall(value, protocol)) {
                    assertThrows(PickleRefusedException.class, () -> Pickles.loads(pickle), what);
                } else {
                    PlainDataAssertions.assertSameData(value, Pickles.loads(pickle));
                }
            }
            if (!holdsASet(value)) { // Python orders a set by hash, Java by insertion
                assertArrayEquals(HEX.parseHex(pickles[4]), Pickles.dumps(value, 4), "protocol 4 bytes of " + what);
                assertArrayEquals(HEX.parseHex(pickles[5]), Pickles.dumps(value, 5), "protocol 5 bytes of " + what);
            }
        }
    }

    @Test
    void javaWritesNoneAsCPythonPicklesItAtEveryProtocol() throws Exception {
        List<String> python = Python.run(temp, """
                import pickle
                for protocol in range(-1, 6):
                    print(pickle.dumps(None, protocol).hex())
                """);
        for (int protocol = -1; protocol <= 5; protocol++) {
            assertEquals(python.get(protocol + 1), HEX.formatHex(Pickles.none(protocol)), "protocol " + protocol);
        }
        assertThrows(IllegalArgumentException.class, () -> Pickles.none(6));
    }

    @Test
    void javaWritesDiskcachesMarkerAndTypedKeysAsCPythonDoes() throws Exception {
        List<String> python = Python.run(temp, """
                import pickle, pickletools
                from diskcache.core import ENOVAL, args_to_key
                keys = [
                    ('f', 3, None) + (ENOVAL,),
                    args_to_key(('f',), (1, 'a'), {}, True, ()),
                    args_to_key(('f',), (1, 2), {}, True, ()),
                    args_to_key(('f',), (None, None), {}, True, ()),
                    args_to_key(('f',), (1, 2.5, 's', b'b', True, None, [1], (1,), {'k': 1}, {1}, 2 ** 70), {}, True, ()),
                    args_to_key(('f',), (True, 'x'), {}, True, ()) + (ENOVAL,),
                ]
                for key in keys:
                    print(' '.join(pickletools.optimize(pickle.dumps(key, protocol)).hex() for protocol in (4, 5)))
                """);
        LinkedHashMap<Object, Object> dict = new LinkedHashMap<>(Map.of("k", 1L));
        List<List<Object>> keys = List.of(
                PlainData.tuple("f", 3L, null, ENOVAL),
                PlainData.tuple("f", 1L, "a", null, INT, STR),
                PlainData.tuple("f", 1L, 2L, null, INT, INT),
                PlainData.tuple("f", null, null, null, NONE_TYPE, NONE_TYPE),
                PlainData.tuple("f", 1L, 2.5, "s", new byte[] {'b'}, true, null, new ArrayList<>(List.of(1L)),
                        List.of(1L), dict, new LinkedHashSet<>(List.of(1L)), BigInteger.TWO.pow(70), null,
                        INT, FLOAT, STR, BYTES, BOOL, NONE_TYPE, LIST, TUPLE, DICT, SET, INT),
                PlainData.tuple("f", true, "x", null, BOOL, STR, ENOVAL));
        assertEquals(keys.size(), python.size());
        for (int i = 0; i < keys.size(); i++) {
            String[] pickles = python.get(i).split(" ");
            byte[] protocol4 = keyPickle(keys.get(i), 4);
            assertEquals(pickles[0], HEX.formatHex(protocol4), "protocol 4 bytes of key " + i);
            assertEquals(pickles[1], HEX.formatHex(keyPickle(keys.get(i), 5)), "protocol 5 bytes of key " + i);
            assertThrows(PickleRefusedException.class, () -> Pickles.loads(protocol4), "reading stays strict");
        }
    }

    @Test
    void pythonConstantsAreWrittenInKeysOnlyNeverInValues() throws Exception {
        List<Object> marker = PlainData.tuple("f", 3L, null, ENOVAL);
        assertEquals(false, PlainData.isPlain(marker), "a constant does not read back: no plain value");
        assertEquals(false, Pickles.dumpIfPlain(marker, 5, new ByteArrayOutputStream()));
        assertThrows(IllegalArgumentException.class, () -> Pickles.dumps(marker, 5));
        assertEquals(INT, PythonConstant.typeOf(7L));
        assertEquals(NONE_TYPE, PythonConstant.typeOf(null));
        assertThrows(IllegalArgumentException.class, () -> PythonConstant.typeOf(7), "an Integer is no plain data");
    }

    private static byte[] keyPickle(Object key, int protocol) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(true, Pickles.dumpKeyIfPlain(key, protocol, out));
        return out.toByteArray();
    }

    /** Protocol 2 writes bytes as a call of codecs.encode, protocols 2 and 3 a set as a call of builtins.set. */
    private static boolean needsACall(Object value, int protocol) {
        return protocol < 4 && holdsASet(value) || protocol < 3 && holds(value, byte[].class);
    }

    private static boolean holdsASet(Object value) {
        return holds(value, java.util.Set.class);
    }

    private static boolean holds(Object value, Class<?> type) {
        if (type.isInstance(value)) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(entry -> holds(entry.getKey(), type) || holds(entry.getValue(), type));
        }
        if (value instanceof Collection<?> items) {
            return items.stream().anyMatch(item -> holds(item, type));
        }
        return false;
    }

    private static String expression(Object value) {
        return HEX.formatHex(PythonRepr.of(value).getBytes(UTF_8));
    }

    private List<String> python(String command, String input) throws IOException, InterruptedException {
        Path script = temp.resolve("pickle_check.py");
        if (!Files.exists(script)) {
            InteropScripts.copy(temp, "pickle_check.py");
        }
        Path stdin = Files.writeString(temp.resolve(command + ".in"), input, UTF_8);
        Path stdout = temp.resolve(command + ".out");
        Path stderr = temp.resolve(command + ".err");
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", script.toString(), command)
                .redirectInput(stdin.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PYTHON"));
        builder.environment().put("PYTHONNOUSERSITE", "1");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("pickle_check.py " + command + " did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
            fail("pickle_check.py " + command + " exited with " + process.exitValue() + ":\n" + Files.readString(stderr, UTF_8));
        }
        return new ArrayList<>(Files.readString(stdout, UTF_8).lines().toList());
    }
}
