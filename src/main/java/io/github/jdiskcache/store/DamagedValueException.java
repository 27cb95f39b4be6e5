package io.github.jdiskcache.store;

/**
 * Stored bytes that no reader can turn into the value: a value file shorter or longer than its row
 * records, a file name this store never writes, bytes that are not in the serializer's format at
 * all. The store treats such an entry as a miss and removes the row.
 */
public class DamagedValueException extends StoreException {
    public DamagedValueException(String message) {
        super(message);
    }
}
