package io.github.jdiskcache.jcache;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Maps cache names to one path segment and back. Letters, digits, {@code -}, {@code _} and
 * {@code .} stay as they are (so {@code orders} lives in {@code orders/}); every other byte of the
 * UTF-8 name becomes {@code %XX}, and so do a leading dot and the names {@code .} and {@code ..}.
 * No name can therefore reach outside the manager's directory, and distinct names never collide
 * (upper-case hex, so the mapping is reversible even on case-insensitive file systems for the
 * escapes; names differing only in case still collide there, as the file system dictates).
 */
public final class CacheDirectoryNames {
    private CacheDirectoryNames() {
    }

    public static String encode(String name) {
        if (name.isEmpty()) {
            return "%";
        }
        StringBuilder encoded = new StringBuilder();
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean safe = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '_' || (b == '.' && i > 0);
            if (safe) {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", b));
            }
        }
        return encoded.toString();
    }

    /** The cache name of a directory entry, or null when the entry is not an encoded name. */
    public static String decode(String segment) {
        if (segment.equals("%")) {
            return "";
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                try {
                    bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    return null;
                }
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        String name = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        return encode(name).equals(segment) ? name : null;
    }
}
