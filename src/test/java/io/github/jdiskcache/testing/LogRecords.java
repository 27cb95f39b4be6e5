package io.github.jdiskcache.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What one class logs through {@link System.Logger} (the JDK routes it to {@code java.util.logging}),
 * from {@link #of} until {@link #close}.
 */
public final class LogRecords extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogRecords(Logger logger) {
        this.logger = logger;
    }

    public static LogRecords of(Class<?> source) {
        LogRecords log = new LogRecords(Logger.getLogger(source.getName()));
        log.logger.addHandler(log);
        return log;
    }

    /** The messages logged at {@code WARNING}, in order. */
    public List<String> warnings() {
        return records.stream().filter(record -> record.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
