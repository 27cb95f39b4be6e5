package org.apache.commons.collections.functors;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A harmless stand-in with the name of the class at the heart of the classic commons-collections
 * deserialization gadget chain: if its readObject ever runs, the "payload" executed.
 */
public class InvokerTransformer implements Serializable {
    public static final AtomicBoolean EXECUTED = new AtomicBoolean();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        EXECUTED.set(true);
    }
}
