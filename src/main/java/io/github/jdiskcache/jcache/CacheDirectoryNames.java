package io.github.jdiskcache.jcache;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Maps cache names to one path segment and back. Letters, digits, {@code -}, {@code _} and
 * {@code .} stay as they are (so {@code orders} lives in {@code orders/}); every other byte of the
 * UTF-8 name becomes {@code %XX}, and so do a leading dot and the names {@code .} and {@code ..}.
 * No name can therefore reach outside the manager's directory, and distinct names never collide
 * (upper-case hex, so the mapping is reversible even on case-insensitive file systems for the
 * escapes; names differing only in case still collide there, as the file system dictates).
 * An encoding too long for a folder name gets a bounded {@link #folderName} instead.
 */
public final class CacheDirectoryNames {
    /** The longest folder name of common file systems (ext4, XFS, Btrfs, APFS: 255 bytes; the encoding is ASCII). */
    static final int MAX_FOLDER_NAME = 255;
    /** How much of a long name's encoding its bounded folder name shows, for people browsing the folder. */
    private static final int SHOWN_OF_LONG_NAME = 100;
    /** {@link #encode} never writes it, so a bounded folder name cannot be the folder of a short name. */
    private static final char BOUNDED_MARK = '~';

    private CacheDirectoryNames() {
    }

    /**
     * The folder of cache {@code name}: its {@link #encode encoding} whenever that fits a folder name,
     * so every folder written before long names were supported keeps its name. A longer encoding
     * becomes its first characters, {@code ~} and a hash of the name (at most 133 characters); such a
     * folder cannot be decoded, so the name is recorded in a file inside it ({@link NameFile}).
     */
    public static String folderName(String name) {
        String encoded = encode(name);
        if (encoded.length() <= MAX_FOLDER_NAME) {
            return encoded;
        }
        int shown = SHOWN_OF_LONG_NAME;
        int escape = encoded.lastIndexOf('%', shown - 1);
        if (escape > shown - 3) {
            shown = escape;
        }
        return encoded.substring(0, shown) + BOUNDED_MARK + hash(name);
    }

    /** True for the folder name of a name too long to be encoded in full. */
    public static boolean isBounded(String folderName) {
        return folderName.indexOf(BOUNDED_MARK) >= 0;
    }

    /** 128 bits of the name's SHA-256 in hex: distinct long names sharing a prefix get distinct folders. */
    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
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
