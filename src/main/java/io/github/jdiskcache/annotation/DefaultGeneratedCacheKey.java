package io.github.jdiskcache.annotation;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;

import javax.cache.annotation.GeneratedCacheKey;

/**
 * The key of the {@link DefaultCacheKeyGenerator}: the key arguments of a call, compared with
 * {@link Arrays#deepEquals} and hashed with {@link Arrays#deepHashCode}, as the spec describes.
 *
 * <p>jdiskcache finds a key by its serialized bytes, and a memoized result is meant to be found
 * again by the next run or another process, so equal keys must serialize to identical bytes: the
 * hash code (which may be an identity hash, e.g. of an enum) is not written, and each argument is
 * written unshared, so two equal strings produce the same bytes whether or not they are the same
 * instance. Arguments must be {@code Serializable} for the key to be stored.
 */
public final class DefaultGeneratedCacheKey implements GeneratedCacheKey {
    private static final long serialVersionUID = 1L;

    private transient Object[] parameters;
    private transient int hashCode;

    public DefaultGeneratedCacheKey(Object[] parameters) {
        this.parameters = parameters.clone();
        this.hashCode = Arrays.deepHashCode(this.parameters);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof DefaultGeneratedCacheKey key
                && key.hashCode == hashCode && Arrays.deepEquals(key.parameters, parameters);
    }

    @Override
    public String toString() {
        return "DefaultGeneratedCacheKey" + Arrays.deepToString(parameters);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeInt(parameters.length);
        for (Object parameter : parameters) {
            out.writeUnshared(parameter);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        int length = in.readInt();
        if (length < 0) {
            throw new InvalidObjectException("negative parameter count " + length);
        }
        parameters = new Object[length];
        for (int i = 0; i < length; i++) {
            parameters[i] = in.readUnshared();
        }
        hashCode = Arrays.deepHashCode(parameters);
    }
}
