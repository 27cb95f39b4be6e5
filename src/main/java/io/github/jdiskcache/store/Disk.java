package io.github.jdiskcache.store;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

import io.github.jdiskcache.store.pickle.Pickles;
import io.github.jdiskcache.store.pickle.UnpicklingException;

/**
 * Encodes keys and values the way Python's diskcache does, so String, byte[], Long and Double
 * entries are shared with it, and keeps large values in files named by random hex.
 *
 * <p>Java equality and SQLite's key identity must agree. SQLite's unique index treats INTEGER 1
 * and REAL 1.0 (and 0.0 and -0.0) as one key, and stores NaN as NULL, while {@code Long.valueOf(1)}
 * and {@code Double.valueOf(1.0)} are different Java keys. So only doubles that no integer equals
 * are stored natively; the others go through the serializer like any other type. Strings that are
 * not valid UTF-16 (lone surrogates) cannot survive UTF-8 and are serialized too.
 */
final class Disk {
    private static final HexFormat HEX = HexFormat.of();
    private static final int CREATE_ATTEMPTS = 10;
    private static final Pattern VALUE_FILE_NAME = Pattern.compile("[0-9a-f]{2}[/\\\\][0-9a-f]{2}[/\\\\][0-9a-f]{28}\\.val");

    private final Path directory;
    private final Serializer serializer;
    private final FilePermissions permissions;
    private final boolean picklePlainValues;
    private volatile long minFileSize;
    private volatile boolean durable;
    /** diskcache's default, pickle.HIGHEST_PROTOCOL since Python 3.8, until the settings say otherwise. */
    private volatile int pickleProtocol = 5;

    Disk(Path directory, Serializer serializer, long minFileSize, FilePermissions permissions,
         boolean picklePlainValues) {
        this.directory = directory;
        this.serializer = serializer;
        this.minFileSize = minFileSize;
        this.permissions = permissions;
        this.picklePlainValues = picklePlainValues;
    }

    Path directory() {
        return directory;
    }

    void minFileSize(long bytes) {
        this.minFileSize = bytes;
    }

    /** The shard's {@code disk_pickle_protocol}: pickles are written with it, as Python writes them. */
    void pickleProtocol(int protocol) {
        this.pickleProtocol = protocol;
    }

    /**
     * Pickles only at protocols 4 and 5: what Python writes at lower ones (bytes and sets as calls)
     * differs, so a Java key pickled otherwise would never match a Python one.
     */
    private boolean pickles() {
        return picklePlainValues && (pickleProtocol == 4 || pickleProtocol == 5);
    }

    /**
     * With {@code sqlite_synchronous} FULL or EXTRA the database survives power loss; then value
     * files must too, so each is forced to the device (with its folder) before the row commits.
     */
    void durable(boolean forceToDevice) {
        this.durable = forceToDevice;
    }

    DbKey encodeKey(Object key) {
        Objects.requireNonNull(key, "key");
        if (key instanceof String text && isWellFormed(text)) {
            return new DbKey(text, DbKey.NATIVE, key);
        }
        if (key instanceof byte[] || key instanceof Long) {
            return new DbKey(key, DbKey.NATIVE, key);
        }
        if (key instanceof Double number && !equalsSomeInteger(number)) {
            return new DbKey(number, DbKey.NATIVE, key);
        }
        byte[] pickle = pickles() ? pickleIfPlain(key) : null;
        if (pickle != null) {
            return new DbKey(pickle, DbKey.PICKLED, key);
        }
        return new DbKey(serializer.serialize(key), DbKey.SERIALIZED, key);
    }

    /**
     * A key's pickle, as Python pickles a key it cannot store natively (a tuple); null when it is not
     * plain data. Python's constants in a key (a type, ENOVAL) are written too.
     */
    private byte[] pickleIfPlain(Object key) {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream(64);
        try {
            return Pickles.dumpKeyIfPlain(key, pickleProtocol, pickle) ? pickle.toByteArray() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    Object decodeKey(Object sqlValue, int raw) {
        if (raw == DbKey.NATIVE) {
            return normalize(sqlValue);
        }
        if (!(sqlValue instanceof byte[] bytes)) {
            throw new UnreadableValueException("encoded key is not a blob: " + sqlValue, null);
        }
        return raw == DbKey.PICKLED ? serializer.deserializePickledKey(bytes) : serializer.deserialize(bytes);
    }

    /** Encodes a value; a large one is written to a new value file, which the caller must own. */
    StoredValue store(Object value) {
        Objects.requireNonNull(value, "value");
        if (value instanceof Long) {
            return new StoredValue(0, ValueMode.RAW, null, value, Long.BYTES);
        }
        if (value instanceof Double number && !number.isNaN()) {
            return new StoredValue(0, ValueMode.RAW, null, value, Double.BYTES);
        }
        if (value instanceof String text && isWellFormed(text)) {
            // Python compares the length in code points; UTF-16 length is never smaller, so count only near the limit.
            if (text.length() < minFileSize || text.codePointCount(0, text.length()) < minFileSize) {
                return new StoredValue(0, ValueMode.RAW, null, text, text.length());
            }
            return storeInFile(text.getBytes(StandardCharsets.UTF_8), ValueMode.TEXT);
        }
        if (value instanceof byte[] bytes) {
            if (bytes.length < minFileSize) {
                return new StoredValue(0, ValueMode.RAW, null, bytes, bytes.length);
            }
            return storeInFile(bytes, ValueMode.BINARY);
        }
        if (value == PythonNone.VALUE) {
            byte[] none = Pickles.none(pickleProtocol);
            return new StoredValue(0, ValueMode.PICKLE, null, none, none.length);
        }
        StoredValue pickled = pickles() ? storeEncoded(value, ValueMode.PICKLE, this::dumpIfPlain) : null;
        return pickled != null ? pickled : storeEncoded(value, ValueMode.SERIALIZED, (object, out) -> {
            serializer.serialize(object, out);
            return true;
        });
    }

    private boolean dumpIfPlain(Object value, OutputStream out) throws IOException {
        return Pickles.dumpIfPlain(value, pickleProtocol, out);
    }

    /** Writes a value's bytes; false when this encoding does not take the value (and nothing was written). */
    private interface Encoder {
        boolean encode(Object value, OutputStream out) throws IOException;
    }

    /**
     * Encodes straight into a value file once the bytes reach the inline limit, so a large value
     * is never held in memory a second time (nor a third, as a growing buffer and its copy).
     * Returns null when the encoder does not take the value.
     */
    private StoredValue storeEncoded(Object value, int mode, Encoder encoder) {
        SpillingOutput out = new SpillingOutput(minFileSize, mode);
        try {
            return encoder.encode(value, out) ? out.finish() : null;
        } catch (IOException e) {
            out.discard();
            throw new StoreException("encoding " + value.getClass().getName() + " failed: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            out.discard();
            throw new StoreException("ran out of memory encoding " + value.getClass().getName()
                    + " (raise -Xmx or store smaller values)", e);
        } catch (RuntimeException | Error e) {
            out.discard();
            throw e;
        }
    }

    /** Copies a stream into a new value file (always a file, as Python's {@code read=True}). */
    StoredValue storeStream(InputStream in) {
        String filename = newFilename();
        Path path = createValueFile(filename);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            long size = in.transferTo(out);
            forceIfDurable(channel, path);
            return new StoredValue(size, ValueMode.BINARY, filename, null, size);
        } catch (IOException e) {
            remove(filename);
            throw new StoreException("writing value file " + path + " failed", e);
        }
    }

    /**
     * Decodes a stored value and says what it found: the value, bytes damaged for every reader, or
     * bytes only this process cannot read. A vanished value file is damage too; the caller re-reads
     * before removing anything, since a concurrent overwrite also deletes the old file.
     *
     * @param size the {@code size} column: the byte count a value file must have
     * @throws StoreException when a value file cannot be read, or decoding fails with an
     *                        {@code Error} (out of memory, stack overflow) that must not reach the caller as one
     */
    Decoded fetch(int mode, String filename, long size, Object inline) {
        try {
            switch (mode) {
                case ValueMode.RAW:
                    return inline == null ? new Decoded.Damaged("a native value row holds NULL")
                            : new Decoded.Value(normalize(inline));
                case ValueMode.BINARY:
                    return new Decoded.Value(readFile(filename, size));
                case ValueMode.TEXT:
                    return new Decoded.Value(new String(readFile(filename, size), StandardCharsets.UTF_8));
                case ValueMode.SERIALIZED:
                    if (filename == null && !(inline instanceof byte[])) {
                        return new Decoded.Damaged("a serialized value row holds no bytes: " + inline);
                    }
                    return deserialize(inline instanceof byte[] bytes ? bytes : readFile(filename, size));
                case ValueMode.PICKLE:
                    if (filename == null && !(inline instanceof byte[])) {
                        return new Decoded.Damaged("a pickled value row holds no bytes: " + inline);
                    }
                    return unpickle(inline instanceof byte[] bytes ? bytes : readFile(filename, size));
                default:
                    return new Decoded.UnreadableHere("value mode " + mode, "value mode " + mode
                            + " is not one this version reads");
            }
        } catch (NoSuchFileException e) {
            return new Decoded.Damaged("value file " + e.getFile() + " is missing");
        } catch (DamagedValueException e) {
            return new Decoded.Damaged(e.getMessage());
        } catch (Error e) {
            throw new StoreException("decoding a stored value failed: " + e, e);
        }
    }

    /** A class problem of this process (missing, changed, refused, linked wrongly) is no damage. */
    private Decoded deserialize(byte[] bytes) {
        try {
            return new Decoded.Value(serializer.deserialize(bytes));
        } catch (DamagedValueException e) {
            return new Decoded.Damaged(e.getMessage());
        } catch (UnreadableValueException e) {
            return new Decoded.UnreadableHere(e.subject(), e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new Decoded.UnreadableHere(e.getClass().getName(), "stored object cannot be deserialized here: " + e);
        }
    }

    /**
     * Plain data (None, bool, int, float, str, bytes, tuple, list, dict, set) is read; a pickle
     * that imports or calls, or that this reader cannot follow, is Python's to read, never damage.
     */
    private static Decoded unpickle(byte[] pickle) {
        try {
            return new Decoded.Value(Pickles.loads(pickle));
        } catch (UnpicklingException e) {
            return new Decoded.UnreadableHere("Python pickle: " + e.subject(), "a Python pickle Java does not read: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            return new Decoded.UnreadableHere("Python pickle: " + e.getClass().getName(),
                    "a Python pickle Java does not read: " + e);
        }
    }

    /** Opens a value kept in a file of bytes, text or serialized bytes as a stream, without loading it; null for other values. */
    InputStream openFile(int mode, String filename) throws NoSuchFileException {
        if (filename == null || !(mode == ValueMode.BINARY || mode == ValueMode.TEXT || mode == ValueMode.SERIALIZED)) {
            return null;
        }
        Path path = valuePath(filename);
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new StoreException("reading value file " + path + " failed", e);
        }
    }

    /** A decoded value as a stream: bytes as they are, text as UTF-8. */
    static InputStream asStream(Object value) {
        if (value instanceof byte[] bytes) {
            return new java.io.ByteArrayInputStream(bytes);
        }
        if (value instanceof String text) {
            return new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }
        throw new IllegalStateException("value is a " + value.getClass().getName() + ", not bytes or text");
    }

    /**
     * The file of a stored value name. The name comes from a database row, which anyone able to
     * write the file may have forged: only names of the form {@code ab/cd/<28 hex>.val} resolve,
     * so no row can make the cache read or delete a file outside its directory.
     */
    Path valuePath(String filename) {
        if (!VALUE_FILE_NAME.matcher(filename).matches()) {
            throw new DamagedValueException("refusing value file name '" + filename + "' in " + directory
                    + ": not a name this cache writes");
        }
        return directory.resolve(filename);
    }

    /** Deletes a value file and the fan-out directories it leaves empty; errors are expected races. */
    void remove(String filename) {
        if (filename == null || !VALUE_FILE_NAME.matcher(filename).matches()) {
            return;
        }
        Path path = directory.resolve(filename);
        try {
            Files.deleteIfExists(path);
            Path parent = path.getParent();
            while (parent != null && !parent.equals(directory) && parent.startsWith(directory)) {
                Files.delete(parent);
                parent = parent.getParent();
            }
        } catch (DirectoryNotEmptyException | NoSuchFileException expected) {
            // Another value still lives there, or a concurrent remover was faster.
        } catch (IOException e) {
            System.getLogger(Disk.class.getName()).log(System.Logger.Level.DEBUG, "cannot remove " + path, e);
        }
    }

    private StoredValue storeInFile(byte[] bytes, int mode) {
        String filename = newFilename();
        Path path = createValueFile(filename);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            forceIfDurable(channel, path);
        } catch (IOException e) {
            remove(filename);
            throw new StoreException("writing value file " + path + " failed", e);
        }
        return new StoredValue(bytes.length, mode, filename, null, bytes.length);
    }

    /**
     * Keeps a serialized value in memory while it may still be stored inline (below the minimum
     * file size), then continues it in a new value file, through a buffer, as it is written.
     */
    private final class SpillingOutput extends OutputStream {
        private static final int FILE_BUFFER = 64 * 1024;

        private final long minFileSize;
        private final int mode;
        private ByteArrayOutputStream head = new ByteArrayOutputStream(128);
        private String filename;
        private Path path;
        private FileChannel channel;
        private OutputStream file;
        private long size;

        SpillingOutput(long minFileSize, int mode) {
            this.minFileSize = minFileSize;
            this.mode = mode;
        }

        @Override
        public void write(int b) throws IOException {
            spillAt(size + 1);
            if (file == null) {
                head.write(b);
            } else {
                file.write(b);
            }
            size++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            spillAt(size + length);
            if (file == null) {
                head.write(bytes, offset, length);
            } else {
                file.write(bytes, offset, length);
            }
            size += length;
        }

        /** Moves to a file once the value will be at least the minimum file size long. */
        private void spillAt(long newSize) throws IOException {
            if (file != null || newSize < minFileSize) {
                return;
            }
            filename = newFilename();
            path = createValueFile(filename);
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
            file = new BufferedOutputStream(Channels.newOutputStream(channel), FILE_BUFFER);
            head.writeTo(file);
            head = null;
        }

        StoredValue finish() throws IOException {
            if (file == null) {
                byte[] bytes = head.toByteArray();
                return new StoredValue(0, mode, null, bytes, bytes.length);
            }
            file.flush();
            forceIfDurable(channel, path);
            channel.close();
            return new StoredValue(size, mode, filename, null, size);
        }

        /** Closes and deletes the value file, if one was started. */
        void discard() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    System.getLogger(Disk.class.getName()).log(System.Logger.Level.DEBUG, "cannot close " + path, e);
                }
            }
            remove(filename);
        }
    }

    private void forceIfDurable(FileChannel channel, Path path) throws IOException {
        if (!durable) {
            return;
        }
        channel.force(true);
        // The new name lives in the folder: a power loss after the commit must not lose it.
        try (FileChannel folder = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    private byte[] readFile(String filename, long size) throws NoSuchFileException {
        Path path = valuePath(filename);
        try {
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length != size) {
                throw new DamagedValueException("value file " + path + " holds " + bytes.length + " bytes, not "
                        + size + " (truncated or replaced behind the cache's back)");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new StoreException("reading value file " + path + " failed", e);
        }
    }

    /**
     * Creates the file exclusively. A concurrent {@link #remove} may delete the empty fan-out
     * directories between our mkdirs and our create, so that is retried.
     */
    private Path createValueFile(String filename) {
        Path path = directory.resolve(filename);
        IOException last = null;
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            try {
                permissions.createDirectories(path.getParent());
                return permissions.createFile(path);
            } catch (NoSuchFileException e) {
                last = e;
            } catch (IOException e) {
                throw new StoreException("cannot create value file " + path, e);
            }
        }
        throw new StoreException("cannot create value file " + path, last);
    }

    /** {@code ab/cd/<28 hex>.val}: random, so a value can be written before its row exists. */
    static String newFilename() {
        byte[] random = new byte[16];
        RandomNames.RANDOM.nextBytes(random);
        String hex = HEX.formatHex(random);
        return hex.substring(0, 2) + '/' + hex.substring(2, 4) + '/' + hex.substring(4) + ".val";
    }

    /** sqlite-jdbc returns small integers as Integer; the store's integer type is Long. */
    static Object normalize(Object sqlValue) {
        if (sqlValue instanceof Integer integer) {
            return integer.longValue();
        }
        return sqlValue;
    }

    static boolean equalsSomeInteger(double number) {
        return Double.isNaN(number) || (number == Math.rint(number) && number >= -0x1p63 && number <= 0x1p63);
    }

    static boolean isWellFormed(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /** Seeded on the first value file: a SecureRandom's set-up costs every cold start that only reads. */
    private static final class RandomNames {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
