package io.github.jdiskcache.store.pickle;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes plain data as CPython's pickler does at protocol 4 or 5, then optimized as diskcache
 * optimizes keys: the same opcodes for each type and size, batches of 1000 items, no memo for plain
 * data (every value is written where it occurs; {@link PlainData#isPlain} has ruled out shared
 * collections). Equal tuples of plain data thus get the bytes Python gives them, so a tuple key written here is
 * found by Python and the other way round. Only for values {@link PlainData#isPlain} accepts, and
 * keys that also hold {@link PythonConstant}s, whose repeats get CPython's memo ({@link ConstantMemo}).
 */
final class PickleWriter {
    private static final int BATCH_SIZE = 1000;
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final Framer framer;
    /** Null for plain data, which is written without a memo. */
    private final ConstantMemo memo;

    private PickleWriter(Framer framer, ConstantMemo memo) {
        this.framer = framer;
        this.memo = memo;
    }

    static void write(Object value, int protocol, OutputStream out) throws IOException {
        write(value, protocol, out, null);
    }

    /** For a key holding {@link PythonConstant}s: a counting pass first finds the constants it repeats. */
    static void writeWithConstants(Object key, int protocol, OutputStream out) throws IOException {
        ConstantMemo counting = ConstantMemo.counting();
        new PickleWriter(new Framer(OutputStream.nullOutputStream()), counting).save(key);
        write(key, protocol, out, counting.forWriting());
    }

    private static void write(Object value, int protocol, OutputStream out, ConstantMemo memo) throws IOException {
        out.write(new byte[] {(byte) Opcodes.PROTO, (byte) protocol});
        Framer framer = new Framer(out);
        new PickleWriter(framer, memo).save(value);
        framer.opcode(Opcodes.STOP);
        framer.end();
    }

    private void save(Object value) throws IOException {
        if (value instanceof PythonConstant constant) {
            saveConstant(constant);
        } else if (value == null) {
            framer.opcode(Opcodes.NONE);
        } else if (value instanceof Boolean flag) {
            framer.opcode(flag ? Opcodes.NEWTRUE : Opcodes.NEWFALSE);
        } else if (value instanceof Long number) {
            saveInteger(number);
        } else if (value instanceof BigInteger number) {
            saveLong(number);
        } else if (value instanceof Double number) {
            byte[] header = new byte[9];
            header[0] = (byte) Opcodes.BINFLOAT;
            long bits = Double.doubleToRawLongBits(number);
            for (int i = 0; i < 8; i++) {
                header[1 + i] = (byte) (bits >>> (56 - 8 * i)); // BINFLOAT alone is big-endian
            }
            framer.opcode(header, NO_PAYLOAD);
        } else if (value instanceof String text) {
            sized(Utf8.encode(text), Opcodes.SHORT_BINUNICODE, Opcodes.BINUNICODE);
        } else if (value instanceof byte[] bytes) {
            sized(bytes, Opcodes.SHORT_BINBYTES, Opcodes.BINBYTES);
        } else if (value instanceof Map<?, ?> dict) {
            saveDict(dict);
        } else if (value instanceof Set<?> set) {
            saveSet(set);
        } else if (PlainData.isTuple(value)) {
            saveTuple((List<?>) value);
        } else {
            saveList((List<?>) value);
        }
    }

    /**
     * As CPython pickles each: a type as the global {@code builtins.<name>}, except NoneType, which is
     * {@code type(None)}; ENOVAL as {@code Constant.__new__(Constant, ('ENOVAL',))}.
     */
    private void saveConstant(PythonConstant constant) throws IOException {
        switch (constant) {
            case NONE_TYPE -> memoized(constant, () -> {
                saveGlobal("builtins", "type");
                framer.opcode(Opcodes.NONE);
                framer.opcode(Opcodes.TUPLE1);
                framer.opcode(Opcodes.REDUCE);
            });
            case ENOVAL -> memoized(constant, () -> {
                saveGlobal("diskcache.core", "Constant");
                save(constant.pythonName());
                framer.opcode(Opcodes.TUPLE1);
                framer.opcode(Opcodes.TUPLE1);
                framer.opcode(Opcodes.NEWOBJ);
            });
            default -> saveGlobal("builtins", constant.pythonName());
        }
    }

    private void saveGlobal(String module, String name) throws IOException {
        memoized(new Global(module, name), () -> {
            memoized(new Module(module), () -> save(module));
            save(name);
            framer.opcode(Opcodes.STACK_GLOBAL);
        });
    }

    /** A memo entry: a reference (BINGET) when written before, else its opcodes, then MEMOIZE if it is met again. */
    private void memoized(Object entry, Body body) throws IOException {
        int index = memo.indexOf(entry);
        if (index >= 0) {
            // At most two modules, twelve globals and two objects: an index always fits BINGET's byte.
            framer.opcode(new byte[] {(byte) Opcodes.BINGET, (byte) index}, NO_PAYLOAD);
            return;
        }
        body.write();
        if (memo.remember(entry)) {
            framer.opcode(Opcodes.MEMOIZE);
        }
    }

    private interface Body {
        void write() throws IOException;
    }

    /** A module name as CPython memoizes it: one string object for every global of the module. */
    private record Module(String name) {
    }

    private record Global(String module, String name) {
    }

    /** CPython: BININT1/BININT2 for 0..65535, BININT within 32 bits, else LONG1. */
    private void saveInteger(long number) throws IOException {
        if (number >= 0 && number <= 0xFF) {
            framer.opcode(new byte[] {(byte) Opcodes.BININT1, (byte) number}, NO_PAYLOAD);
        } else if (number >= 0 && number <= 0xFFFF) {
            byte[] header = {(byte) Opcodes.BININT2, 0, 0};
            LittleEndian.put(header, 1, number, 2);
            framer.opcode(header, NO_PAYLOAD);
        } else if (number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
            byte[] header = new byte[5];
            header[0] = (byte) Opcodes.BININT;
            LittleEndian.put(header, 1, number, 4);
            framer.opcode(header, NO_PAYLOAD);
        } else {
            saveLong(BigInteger.valueOf(number));
        }
    }

    /** Minimal two's complement, little-endian: BigInteger's bytes reversed (Python's encode_long). */
    private void saveLong(BigInteger number) throws IOException {
        byte[] bigEndian = number.toByteArray();
        byte[] payload = new byte[bigEndian.length];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (payload.length < 256) {
            framer.opcode(new byte[] {(byte) Opcodes.LONG1, (byte) payload.length}, payload);
        } else {
            byte[] header = new byte[5];
            header[0] = (byte) Opcodes.LONG4;
            LittleEndian.put(header, 1, payload.length, 4);
            framer.opcode(header, payload);
        }
    }

    /** A str or bytes: one length byte below 256, else four (Java arrays never need the 8-byte forms). */
    private void sized(byte[] payload, int shortOpcode, int opcode) throws IOException {
        if (payload.length < 256) {
            framer.opcode(new byte[] {(byte) shortOpcode, (byte) payload.length}, payload);
        } else {
            byte[] header = new byte[5];
            header[0] = (byte) opcode;
            LittleEndian.put(header, 1, payload.length, 4);
            framer.opcode(header, payload);
        }
    }

    private void saveTuple(List<?> tuple) throws IOException {
        int size = tuple.size();
        if (size == 0) {
            framer.opcode(Opcodes.EMPTY_TUPLE);
            return;
        }
        if (size > 3) {
            framer.opcode(Opcodes.MARK);
        }
        for (Object element : tuple) {
            save(element);
        }
        framer.opcode(switch (size) {
            case 1 -> Opcodes.TUPLE1;
            case 2 -> Opcodes.TUPLE2;
            case 3 -> Opcodes.TUPLE3;
            default -> Opcodes.TUPLE;
        });
    }

    private void saveDict(Map<?, ?> dict) throws IOException {
        framer.opcode(Opcodes.EMPTY_DICT);
        Iterator<? extends Map.Entry<?, ?>> entries = dict.entrySet().iterator();
        if (dict.size() == 1) {
            Map.Entry<?, ?> only = entries.next();
            save(only.getKey());
            save(only.getValue());
            framer.opcode(Opcodes.SETITEM);
            return;
        }
        // CPython's loop for dicts and sets: a size that is a multiple of 1000 ends with an empty batch.
        int batch = BATCH_SIZE;
        while (!dict.isEmpty() && batch == BATCH_SIZE) {
            framer.opcode(Opcodes.MARK);
            for (batch = 0; batch < BATCH_SIZE && entries.hasNext(); batch++) {
                Map.Entry<?, ?> entry = entries.next();
                save(entry.getKey());
                save(entry.getValue());
            }
            framer.opcode(Opcodes.SETITEMS);
        }
    }

    private void saveSet(Set<?> set) throws IOException {
        framer.opcode(Opcodes.EMPTY_SET);
        Iterator<?> elements = set.iterator();
        int batch = BATCH_SIZE;
        while (!set.isEmpty() && batch == BATCH_SIZE) {
            framer.opcode(Opcodes.MARK);
            for (batch = 0; batch < BATCH_SIZE && elements.hasNext(); batch++) {
                save(elements.next());
            }
            framer.opcode(Opcodes.ADDITEMS);
        }
    }

    /** A single item is APPENDed; more go in batches of 1000 (no empty batch for lists). */
    private void saveList(List<?> list) throws IOException {
        framer.opcode(Opcodes.EMPTY_LIST);
        Iterator<?> items = list.iterator();
        if (list.size() == 1) {
            save(items.next());
            framer.opcode(Opcodes.APPEND);
            return;
        }
        while (items.hasNext()) {
            framer.opcode(Opcodes.MARK);
            for (int batch = 0; batch < BATCH_SIZE && items.hasNext(); batch++) {
                save(items.next());
            }
            framer.opcode(Opcodes.APPENDS);
        }
    }
}
