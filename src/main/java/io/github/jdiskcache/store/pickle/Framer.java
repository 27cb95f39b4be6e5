package io.github.jdiskcache.store.pickle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Groups opcodes into protocol 4 frames exactly as Python's {@code pickletools.optimize} re-frames
 * a pickle, since diskcache stores keys optimized and finds them by their bytes: before each
 * opcode the frame is closed once it reached 64 KiB; an opcode longer than that closes it and goes
 * out unframed; the last frame is closed at the end; a frame under 4 bytes gets no FRAME header.
 */
final class Framer {
    private static final int FRAME_SIZE_TARGET = 64 * 1024;
    private static final int FRAME_SIZE_MIN = 4;

    private final OutputStream out;
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream(256);

    Framer(OutputStream out) {
        this.out = out;
    }

    /** One opcode without arguments. */
    void opcode(int opcode) throws IOException {
        commitFrame(false);
        frame.write(opcode);
    }

    /** One opcode: its header (opcode and fixed-size arguments) and its payload (may be empty). */
    void opcode(byte[] header, byte[] payload) throws IOException {
        boolean frameless = header.length + (long) payload.length > FRAME_SIZE_TARGET;
        commitFrame(frameless);
        OutputStream target = frameless ? out : frame;
        target.write(header);
        target.write(payload);
    }

    void end() throws IOException {
        if (frame.size() > 0) {
            commitFrame(true);
        }
    }

    private void commitFrame(boolean force) throws IOException {
        if (frame.size() < FRAME_SIZE_TARGET && !force) {
            return;
        }
        if (frame.size() >= FRAME_SIZE_MIN) {
            byte[] header = new byte[9];
            header[0] = (byte) Opcodes.FRAME;
            LittleEndian.put(header, 1, frame.size(), 8);
            out.write(header);
        }
        frame.writeTo(out);
        frame.reset();
    }
}
