package io.github.jdiskcache.store.pickle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Python pickles of plain data, both ways (the mapping: {@link PlainData}). Reading accepts what
 * CPython 3 writes at protocols 2 to 5 for plain data and refuses every opcode that imports or
 * calls, so no code ever runs; writing produces what CPython writes at protocol 4 or 5 and
 * {@code pickletools.optimize} leaves (diskcache's form of pickled keys).
 */
public final class Pickles {
    private Pickles() {
    }

    /**
     * @throws PickleRefusedException when the pickle needs more than plain data (an import, a call,
     *                                a bytearray, out-of-band buffers) or exceeds the reader's bounds
     * @throws UnpicklingException    when the bytes are no valid pickle (truncated, inconsistent)
     */
    public static Object loads(byte[] pickle) {
        return PickleReader.read(pickle);
    }

    /**
     * @throws IllegalArgumentException when the value is not {@linkplain PlainData#isPlain plain}
     *                                  or the protocol is not 4 or 5
     */
    public static byte[] dumps(Object value, int protocol) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try {
            if (!dumpIfPlain(value, protocol, out)) {
                throw new IllegalArgumentException("not plain data, so not pickled: "
                        + (value == null ? "null" : value.getClass().getName()) + " (see PlainData)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /**
     * CPython's {@code pickle.dumps(None, protocol)}: what diskcache stores for a None value (values
     * are not optimized; below 4 bytes there is no frame either). A negative protocol is the
     * highest, as in Python.
     *
     * @throws IllegalArgumentException when the protocol is above 5
     */
    public static byte[] none(int protocol) {
        if (protocol > Opcodes.HIGHEST_PROTOCOL) {
            throw new IllegalArgumentException("pickle protocol must be at most " + Opcodes.HIGHEST_PROTOCOL
                    + ", got " + protocol);
        }
        if (protocol == 0 || protocol == 1) {
            return new byte[] {(byte) Opcodes.NONE, (byte) Opcodes.STOP};
        }
        int written = protocol < 0 ? Opcodes.HIGHEST_PROTOCOL : protocol;
        return new byte[] {(byte) Opcodes.PROTO, (byte) written, (byte) Opcodes.NONE, (byte) Opcodes.STOP};
    }

    /**
     * Writes the value's pickle to {@code out} if it is {@linkplain PlainData#isPlain plain}; writes
     * nothing and returns false otherwise, so the caller can choose another encoding.
     *
     * @throws IllegalArgumentException when the protocol is not 4 or 5
     */
    public static boolean dumpIfPlain(Object value, int protocol, OutputStream out) throws IOException {
        requireProtocol4Or5(protocol);
        if (!PlainData.isPlain(value)) {
            return false;
        }
        PickleWriter.write(value, protocol, out);
        return true;
    }

    /**
     * {@link #dumpIfPlain} for a key, among whose plain data {@link PythonConstant}s may stand too:
     * they are written as CPython writes them, memo references to a repeated constant and its
     * module included, so diskcache's typed and marker keys are found by both sides. Such a key
     * does not read back (the reader refuses imports); it is found by its bytes.
     *
     * @throws IllegalArgumentException when the protocol is not 4 or 5
     */
    public static boolean dumpKeyIfPlain(Object key, int protocol, OutputStream out) throws IOException {
        requireProtocol4Or5(protocol);
        switch (PlainData.keyForm(key)) {
            case PLAIN -> PickleWriter.write(key, protocol, out);
            case WITH_CONSTANTS -> PickleWriter.writeWithConstants(key, protocol, out);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void requireProtocol4Or5(int protocol) {
        if (protocol != 4 && protocol != 5) {
            throw new IllegalArgumentException("pickle protocol must be 4 or 5, got " + protocol);
        }
    }
}
