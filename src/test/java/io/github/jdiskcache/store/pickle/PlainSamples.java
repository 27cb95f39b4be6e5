package io.github.jdiskcache.store.pickle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;

/** Plain values covering every type, every size class of every opcode choice, and nesting. */
final class PlainSamples {
    private PlainSamples() {
    }

    static List<Object> values() {
        List<Object> values = new ArrayList<>(Arrays.asList(
                null, true, false, 0L, 1L, 255L, 256L, 65_535L, 65_536L, -1L, -128L, -129L, -256L,
                (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L,
                Long.MAX_VALUE, Long.MIN_VALUE, BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(64).negate(),
                BigInteger.ONE.shiftLeft(2100).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE),
                0.0, -0.0, 1.5, -2.75e-300, Double.MAX_VALUE, Double.MIN_VALUE, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NaN,
                "", "a", "é€日本 😀", "x".repeat(255), "y".repeat(256), "z".repeat(70_000),
                new byte[0], new byte[] {0, (byte) 0xff}, new byte[255], new byte[256], new byte[70_000],
                PlainData.tuple(), PlainData.tuple("one"), PlainData.tuple("a", 2L), PlainData.tuple(1L, 2L, 3L),
                PlainData.tuple(1L, 2L, 3L, 4L), PlainData.tuple(null, "none inside"),
                PlainData.tuple(PlainData.tuple(1L, PlainData.tuple()), "nested"),
                new ArrayList<>(), new ArrayList<>(List.of("single")), new ArrayList<>(List.of(1L, "two", 3.0)),
                new LinkedHashMap<>(), new LinkedHashSet<>()));
        values.add(numbers(1000));
        values.add(numbers(1001));
        values.add(numbers(2500));
        LinkedHashMap<Object, Object> dict = new LinkedHashMap<>();
        dict.put("k", 1L);
        dict.put(2L, new ArrayList<>(List.of(true, false)));
        dict.put(2.5, null);
        dict.put(PlainData.tuple("t", 1L), new LinkedHashSet<>(List.of(1L, "s")));
        dict.put(null, "None as a key");
        dict.put(BigInteger.ONE.shiftLeft(70), new byte[] {1});
        values.add(dict);
        LinkedHashMap<Object, Object> single = new LinkedHashMap<>();
        single.put("only", PlainData.tuple());
        values.add(single);
        LinkedHashMap<Object, Object> thousand = new LinkedHashMap<>();
        LinkedHashSet<Object> set = new LinkedHashSet<>();
        for (long i = 0; i < 1000; i++) {
            thousand.put(i, "v" + i);
            set.add("e" + i);
        }
        values.add(thousand);
        values.add(set);
        values.add(new LinkedHashSet<>(List.of(PlainData.tuple(1L, "a"), -3.5)));
        return values;
    }

    private static ArrayList<Object> numbers(int count) {
        ArrayList<Object> list = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            list.add(i * 7919);
        }
        return list;
    }
}
