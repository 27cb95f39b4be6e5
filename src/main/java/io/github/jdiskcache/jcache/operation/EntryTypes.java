package io.github.jdiskcache.jcache.operation;

/** The runtime check of a cache's configured key and value types (none when they are Object). */
public final class EntryTypes<K, V> {
    private final String cacheName;
    private final Class<K> keyType;
    private final Class<V> valueType;

    public EntryTypes(String cacheName, Class<K> keyType, Class<V> valueType) {
        this.cacheName = cacheName;
        this.keyType = keyType;
        this.valueType = valueType;
    }

    public void check(Object key, Object value) {
        if (keyType != Object.class && !keyType.isInstance(key)) {
            throw new ClassCastException("key " + key + " of " + key.getClass().getName() + " is not a "
                    + keyType.getName() + " as cache " + cacheName + " requires");
        }
        if (valueType != Object.class && !valueType.isInstance(value)) {
            throw new ClassCastException("value of " + value.getClass().getName() + " is not a "
                    + valueType.getName() + " as cache " + cacheName + " requires");
        }
    }
}
