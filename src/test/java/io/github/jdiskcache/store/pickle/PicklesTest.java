package io.github.jdiskcache.store.pickle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The plain-data pickle codec on its own: what it reads, writes, refuses, and how it fails. */
class PicklesTest {
    private static final HexFormat HEX = HexFormat.of();

    // ---------------------------------------------------------------- round trips

    @Test
    void everyPlainTypeComesBackAsAnEqualObjectOfTheSameClass() {
        for (Object value : PlainSamples.values()) {
            for (int protocol : new int[] {4, 5}) {
                byte[] pickle = Pickles.dumps(value, protocol);
                assertEquals(protocol, pickle[1], "PROTO byte");
                PlainDataAssertions.assertSameData(value, Pickles.loads(pickle));
            }
        }
    }

    @Test
    void tuplesAreUnmodifiableListsAndMayHoldNone() {
        List<Object> withNone = PlainData.tuple("a", null);
        assertThrows(UnsupportedOperationException.class, () -> withNone.add("b"));
        assertTrue(PlainData.isTuple(withNone));
        assertTrue(PlainData.isTuple(List.of(1L, 2L, 3L)));
        assertFalse(PlainData.isTuple(new ArrayList<>(List.of(1L))), "an ArrayList is a Python list");
        assertFalse(PlainData.isTuple(java.util.stream.Stream.of(1L).toList()),
                "reads back as List.of's class, not Stream.toList's");
        PlainDataAssertions.assertSameData(withNone, Pickles.loads(Pickles.dumps(withNone, 5)));
    }

    @Test
    void integersBecomeLongsWhenTheyFitAndBigIntegersOtherwise() {
        BigInteger justAbove = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);
        assertEquals(Long.MAX_VALUE, Pickles.loads(Pickles.dumps(Long.MAX_VALUE, 5)));
        assertEquals(justAbove, Pickles.loads(Pickles.dumps(justAbove, 5)));
        assertFalse(PlainData.isPlain(BigInteger.TEN), "a BigInteger that fits a long reads back as a Long");
        assertEquals(0L, Pickles.loads(bytes("80028a00", ".")), "LONG1 of no bytes is 0");
    }

    // ---------------------------------------------------------------- what is plain

    @Test
    void whatWouldNotComeBackEqualAndOfTheSameClassIsNotPlain() {
        ArrayList<Object> shared = new ArrayList<>(List.of("x"));
        ArrayList<Object> holdsItself = new ArrayList<>();
        holdsItself.add(holdsItself);
        List<Object> notPlain = List.of(
                1, (short) 1, 1.5f, 'c', new Object(), new HashMap<>(Map.of("k", 1L)), new TreeMap<>(Map.of("k", 1L)),
                new java.util.HashSet<>(Set.of(1L)), new java.util.LinkedList<>(List.of(1L)), Arrays.asList(1L, 2L),
                new ArrayList<Object>() { }, list(List.of(1)), list(shared, shared), holdsItself,
                dict(list(1L), "list key"), dict(new byte[] {1}, "bytes key"), dict(1L, "a", 1.0, "b"),
                dict(true, "a", 1L, "b"), dict(0.0, "a", -0.0, "b"), dict(PlainData.tuple(1L), "a", PlainData.tuple(1.0), "b"),
                set(1L, 1.0), set(new ArrayList<>()));
        for (Object value : notPlain) {
            assertFalse(PlainData.isPlain(value), () -> "plain: " + value);
            assertThrows(IllegalArgumentException.class, () -> Pickles.dumps(value, 5));
        }
        assertTrue(PlainData.isPlain(dict(1L, "a", 1.5, "b", "1", "c", PlainData.tuple(1L, "x"), "d")));
        assertTrue(PlainData.isPlain(list(PlainData.tuple(), PlainData.tuple())), "List.of() is one shared instance");
    }

    @Test
    void nestingIsPlainUpToTheLimitAndReadBackToIt() {
        PlainDataAssertions.assertSameData(nested(PlainData.MAX_DEPTH), Pickles.loads(Pickles.dumps(nested(PlainData.MAX_DEPTH), 5)));
        assertFalse(PlainData.isPlain(nested(PlainData.MAX_DEPTH + 1)));
    }

    @Test
    void onlyProtocolsFourAndFiveAreWritten() {
        assertThrows(IllegalArgumentException.class, () -> Pickles.dumps("x", 3));
        assertThrows(IllegalArgumentException.class, () -> Pickles.dumps("x", 6));
    }

    // ---------------------------------------------------------------- refusals

    /** Every opcode that imports, calls, or needs more than plain data; none of them runs. */
    @Test
    void everyOpcodeThatImportsOrCallsIsRefused() {
        Map<Integer, String> refused = new LinkedHashMap<>();
        refused.put(Opcodes.GLOBAL, "636f730a73797374656d0a"); // c os\nsystem\n
        refused.put(Opcodes.STACK_GLOBAL, "");
        refused.put(Opcodes.INST, "6f730a73797374656d0a");
        refused.put(Opcodes.OBJ, "");
        refused.put(Opcodes.REDUCE, "");
        refused.put(Opcodes.BUILD, "");
        refused.put(Opcodes.NEWOBJ, "");
        refused.put(Opcodes.NEWOBJ_EX, "");
        refused.put(Opcodes.EXT1, "01");
        refused.put(Opcodes.EXT2, "0100");
        refused.put(Opcodes.EXT4, "01000000");
        refused.put(Opcodes.PERSID, "310a");
        refused.put(Opcodes.BINPERSID, "");
        refused.put(Opcodes.NEXT_BUFFER, "");
        refused.put(Opcodes.READONLY_BUFFER, "");
        refused.put(Opcodes.BYTEARRAY8, "0100000000000000ff");
        for (Map.Entry<Integer, String> opcode : refused.entrySet()) {
            // What would precede it in a real stream: a string or two and a tuple of arguments.
            byte[] pickle = bytes("8005" + "8c026f7394" + "8c026c7385",
                    "%02x".formatted(opcode.getKey()) + opcode.getValue() + "2e");
            PickleRefusedException refusal = assertThrows(PickleRefusedException.class, () -> Pickles.loads(pickle),
                    () -> "opcode 0x" + Integer.toHexString(opcode.getKey()));
            assertTrue(refusal.getMessage().contains(Opcodes.refusal(opcode.getKey())), refusal.getMessage());
        }
    }

    @Test
    void protocolZeroTextOpcodesAndUnknownProtocolsAreRefused() {
        for (String text : List.of("49300a", "4c310a", "46312e300a", "5327610a", "540100000061", "550161", "56610a",
                "67300a", "70300a")) {
            assertThrows(PickleRefusedException.class, () -> Pickles.loads(bytes("8002", text + "2e")), text);
        }
        assertThrows(PickleRefusedException.class, () -> Pickles.loads(bytes("8006", "4e2e")));
        assertEquals("plain", Pickles.loads(bytes("8002", "5805000000706c61696e2e")), "protocol 2 BINUNICODE is read");
    }

    // ---------------------------------------------------------------- broken and hostile streams

    @Test
    void everyTruncationIsAnUnpicklingErrorAndNotARefusal() {
        for (Object value : PlainSamples.values()) {
            byte[] pickle = Pickles.dumps(value, 5);
            for (int length = 0; length < pickle.length; length++) {
                byte[] cut = Arrays.copyOf(pickle, length);
                UnpicklingException failure = assertThrows(UnpicklingException.class, () -> Pickles.loads(cut));
                assertFalse(failure instanceof PickleRefusedException, failure.getMessage());
            }
        }
    }

    @Test
    void lengthsBeyondTheStreamFailWithoutAllocating() {
        for (String hostile : List.of(
                "8d" + "ffffffffffffffff", // BINUNICODE8 of 2^64 - 1 bytes
                "8e" + "ffffffffffffff7f", // BINBYTES8
                "58" + "ffffffff",         // BINUNICODE of 4 GiB
                "42" + "ffffff7f",         // BINBYTES of 2 GiB
                "8b" + "ffffff7f",         // LONG4 of 2 GiB
                "8b" + "ffffffff",         // LONG4 of a negative count
                "95" + "ffffffffffffffff", // FRAME beyond the stream
                "43" + "ff" + "0102")) {    // SHORT_BINBYTES of 255 bytes, 2 present
            UnpicklingException failure = assertThrows(UnpicklingException.class,
                    () -> Pickles.loads(bytes("8005", hostile + "2e")), hostile);
            assertFalse(failure instanceof PickleRefusedException, failure.getMessage());
        }
    }

    @Test
    void inconsistentStreamsAreUnpicklingErrors() {
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("2e", "STOP on an empty stack");
        broken.put("5d2861", "APPEND of nothing above the mark");
        broken.put("4e4e61", "APPEND onto None");
        broken.put("7d4e61", "APPEND onto a dict");
        broken.put("5d4e4e73", "SETITEM onto a list");
        broken.put("7d284e75", "SETITEMS of an odd count");
        broken.put("4e65", "APPENDS without a MARK");
        broken.put("6805", "BINGET of a slot never set");
        broken.put("6aff000000", "LONG_BINGET of a slot never set");
        broken.put("7d5d4e73", "a list as a dict key");
        broken.put("8f287d90", "a dict as a set element");
        broken.put("8c01ff", "invalid UTF-8");
        broken.put("8c02c0af", "overlong UTF-8");
        broken.put("284e91284e90", "ADDITEMS onto a frozenset");
        broken.put("ff", "an unknown opcode");
        for (Map.Entry<String, String> stream : broken.entrySet()) {
            assertThrows(UnpicklingException.class, () -> Pickles.loads(bytes("8005", stream.getKey() + "2e")),
                    stream.getValue());
        }
    }

    @Test
    void aLoneSurrogateComesBackAsPythonsSurrogatepassWritesIt() {
        assertEquals("\ud800", Pickles.loads(bytes("8005", "8c03eda0802e")));
        assertArrayEquals(bytes("8005950600000000000000", "8c03eda0802e"), Pickles.dumps("\ud800", 5));
        assertEquals("a\ud800b\udc00", Pickles.loads(Pickles.dumps("a\ud800b\udc00", 5)));
    }

    @Test
    void aListThatHoldsItselfIsRefused() {
        // EMPTY_LIST MEMOIZE BINGET 0 APPEND: l = []; l.append(l)
        assertThrows(PickleRefusedException.class, () -> Pickles.loads(bytes("8005", "5d946800612e")));
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        int depth = PlainData.MAX_DEPTH + 1;
        String lists = "5d".repeat(depth) + "61".repeat(depth - 1);
        assertThrows(PickleRefusedException.class, () -> Pickles.loads(bytes("8005", lists + "2e")));
        String limit = "5d".repeat(depth - 1) + "61".repeat(depth - 2);
        assertNotNull(Pickles.loads(bytes("8005", limit + "2e")));
    }

    /** A tuple nested 100,000 deep (one byte a level) as a dict key: Java would hash it recursively. */
    @Test
    void aDeepTupleAsAKeyIsRefusedBeforeJavaHashesIt() {
        String deepTuple = "4e" + "85".repeat(100_000);
        assertThrows(PickleRefusedException.class, () -> Pickles.loads(bytes("8005", "7d" + deepTuple + "4e732e")));
    }

    /** Each list holds the previous one twice: 300 bytes, 2^100 nodes for a recursive walk. */
    @Test
    void sharedStructureThatExpandsTooFarIsRefused() {
        StringBuilder laughs = new StringBuilder("5d94");
        for (int i = 0; i < 100; i++) {
            laughs.append("28").append("68%02x".formatted(i)).append("68%02x".formatted(i)).append("6c94");
        }
        assertThrows(PickleRefusedException.class, () -> Pickles.loads(bytes("8005", laughs + "2e")));
    }

    /** The same with tuples used as dict keys: hashing them is bounded too. */
    @Test
    void sharedTuplesHashedAsKeysAreBounded() {
        StringBuilder laughs = new StringBuilder("7d4e859430");
        for (int i = 0; i < 60; i++) {
            laughs.append("68%02x".formatted(i)).append("68%02x".formatted(i)).append("869430");
        }
        laughs.append("683c"); // the last tuple, 2^60 nodes, as the key
        assertThrows(PickleRefusedException.class, () -> Pickles.loads(bytes("8005", laughs + "4e732e")));
    }

    @Test
    void sharingWithinBoundsIsRead() {
        // x = ['s']; [x, x]: the memo hands out one list twice, as Python does.
        Object value = Pickles.loads(bytes("8005", "5d948c0173946128680068006c2e"));
        List<?> pair = assertInstanceOf(ArrayList.class, value);
        assertEquals(List.of(List.of("s"), List.of("s")), pair);
        assertSame(pair.get(0), pair.get(1));
    }

    @Test
    void memoIndicesAreNotArrayIndices() {
        // LONG_BINPUT at 2^32 - 1, then LONG_BINGET of it: no 4-billion-slot table.
        assertEquals("x", Pickles.loads(bytes("8005", "8c0178" + "72ffffffff" + "30" + "6affffffff" + "2e")));
    }

    // ---------------------------------------------------------------- helpers

    static byte[] bytes(String hex, String more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HEX.parseHex(hex));
        out.writeBytes(more.equals(".") ? new byte[] {'.'} : HEX.parseHex(more));
        return out.toByteArray();
    }

    private static Object nested(int depth) {
        Object value = "core";
        for (int i = 0; i < depth; i++) {
            value = list(value);
        }
        return value;
    }

    private static ArrayList<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    private static LinkedHashMap<Object, Object> dict(Object... keysAndValues) {
        LinkedHashMap<Object, Object> dict = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            dict.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return dict;
    }

    private static LinkedHashSet<Object> set(Object... elements) {
        return new LinkedHashSet<>(Arrays.asList(elements));
    }
}
