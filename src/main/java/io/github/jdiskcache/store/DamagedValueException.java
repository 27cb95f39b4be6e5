package io.github.jdiskcache.store;

/**
 * A row's value cannot be what the row says: its file is shorter or longer than recorded, or its
 * name is not one this store writes. The store treats such an entry as a miss and removes the row.
 */
public class DamagedValueException extends StoreException {
    public DamagedValueException(String message) {
        super(message);
    }
}
