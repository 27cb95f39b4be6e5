package io.github.jdiskcache.security;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/** A class no cache declared: reading it must be refused before its readObject runs. */
public class Payload implements Serializable {
    public static final AtomicBoolean EXECUTED = new AtomicBoolean();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        EXECUTED.set(true);
    }
}
