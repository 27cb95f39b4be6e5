package io.github.jdiskcache.store.pickle;

import java.io.ByteArrayOutputStream;

/**
 * UTF-8 with Python's {@code surrogatepass} error handler, as pickle encodes {@code str}: a lone
 * surrogate is written as its own three bytes instead of failing. Java's charset would replace it
 * with '?', so a string that is not valid UTF-16 would not come back.
 */
final class Utf8 {
    private Utf8() {
    }

    static byte[] encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                out.write(0xF0 | (codePoint >> 18));
                out.write(0x80 | ((codePoint >> 12) & 0x3F));
                out.write(0x80 | ((codePoint >> 6) & 0x3F));
                out.write(0x80 | (codePoint & 0x3F));
            } else {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
        return out.toByteArray();
    }

    /** Strict UTF-8, except that encoded surrogates (ED A0..BF xx) are accepted as Python's surrogatepass does. */
    static String decode(byte[] bytes, int offset, int length) {
        StringBuilder text = new StringBuilder(length);
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                text.append((char) b);
                i++;
                continue;
            }
            int count;
            int codePoint;
            int min;
            int max;
            if (b >= 0xC2 && b <= 0xDF) {
                count = 1;
                codePoint = b & 0x1F;
                min = 0x80;
                max = 0x7FF;
            } else if (b >= 0xE0 && b <= 0xEF) {
                count = 2;
                codePoint = b & 0x0F;
                min = 0x800;
                max = 0xFFFF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                count = 3;
                codePoint = b & 0x07;
                min = 0x10000;
                max = 0x10FFFF;
            } else {
                throw malformed(i - offset);
            }
            if (end - i <= count) {
                throw malformed(i - offset);
            }
            for (int k = 1; k <= count; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    throw malformed(i - offset);
                }
                codePoint = (codePoint << 6) | (next & 0x3F);
            }
            if (codePoint < min || codePoint > max) {
                throw malformed(i - offset);
            }
            text.appendCodePoint(codePoint);
            i += count + 1;
        }
        return text.toString();
    }

    private static UnpicklingException malformed(int position) {
        return new UnpicklingException("invalid UTF-8 in a pickled str",
                "a pickled str is not valid UTF-8 (at byte " + position + " of the string)");
    }
}
