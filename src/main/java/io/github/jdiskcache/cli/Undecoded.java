package io.github.jdiskcache.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * A stored key or value this JVM cannot rebuild, shown by what it is and its size instead: a Java
 * object whose class is missing here, has changed or is refused by the deserialization filter, or
 * a Python pickle that is more than plain data.
 *
 * @param kind "java" and the object's class name, or "python pickle"
 */
record Undecoded(String kind, int size, String reason) {
    static Undecoded ofJava(byte[] serialized, Exception cause) {
        return new Undecoded("java " + firstClassName(serialized), serialized.length, cause.getMessage());
    }

    static Undecoded ofPickle(byte[] pickle, Exception cause) {
        return new Undecoded("python pickle", pickle.length, cause.getMessage());
    }

    @Override
    public String toString() {
        return "<" + kind + ", " + size + " bytes>";
    }

    /** The class of the stream's top-level object, read from its descriptor; no class is loaded. */
    private static String firstClassName(byte[] serialized) {
        try (ClassNameReader in = new ClassNameReader(serialized)) {
            in.readObject();
        } catch (ClassNameFound found) {
            return found.getMessage();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            // Not a Java serialization stream at all.
        }
        return "unknown class";
    }

    /** Stops at the first class descriptor, before anything is resolved. */
    private static final class ClassNameReader extends ObjectInputStream {
        ClassNameReader(byte[] serialized) throws IOException {
            super(new ByteArrayInputStream(serialized));
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException {
            throw new ClassNameFound(descriptor.getName());
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
            throw new ClassNameFound("proxy of " + String.join(", ", interfaces));
        }
    }

    private static final class ClassNameFound extends IOException {
        ClassNameFound(String className) {
            super(className);
        }
    }
}
