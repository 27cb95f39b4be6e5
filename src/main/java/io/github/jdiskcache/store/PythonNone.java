package io.github.jdiskcache.store;

/**
 * Python's {@code None} on its way to {@link Disk#store}, which writes it as the pickle of None:
 * only {@link Shard#addNone} passes it, so no caller above the store can store a value that reads
 * back as null, and a {@code null} value stays refused everywhere.
 */
enum PythonNone {
    VALUE
}
