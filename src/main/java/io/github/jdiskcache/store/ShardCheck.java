package io.github.jdiskcache.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Checks a shard's database and value files against each other, and repairs them on request. */
final class ShardCheck {
    private final Path directory;
    private final Path databaseFile;
    private final StoreOptions options;
    private final TransactionRunner transactions;
    private final SqliteErrors errors;

    ShardCheck(Path directory, Path databaseFile, StoreOptions options, TransactionRunner transactions,
               SqliteErrors errors) {
        this.directory = directory;
        this.databaseFile = databaseFile;
        this.options = options;
        this.transactions = transactions;
        this.errors = errors;
    }

    /**
     * Verifies the database and the value files against each other and returns what is wrong.
     * With {@code fix}, repairs it: VACUUM, rows whose file is gone are deleted, wrong sizes and
     * counters corrected, unknown files and empty directories removed.
     */
    List<String> check(boolean fix) {
        List<String> warnings = new ArrayList<>();
        transactions.read(connection -> {
            try (ResultSet rows = connection.jdbc().createStatement().executeQuery("PRAGMA integrity_check")) {
                List<String> messages = new ArrayList<>();
                while (rows.next()) {
                    messages.add(rows.getString(1));
                }
                if (!messages.equals(List.of("ok"))) {
                    messages.forEach(message -> warnings.add(Shard.INTEGRITY_WARNING + databaseFile + ": " + message));
                }
            }
            return null;
        });
        if (fix) {
            vacuum();
        }
        transactions.write(null, transaction -> {
            checkFiles(transaction, fix, warnings);
            checkCounters(transaction.connection(), fix, warnings);
            return null;
        });
        return warnings;
    }

    /** On a connection of its own: VACUUM refuses to run while any statement of its connection is open. */
    private void vacuum() {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile);
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(Math.max(1, options.lockTimeoutMillis() / 1000));
            statement.execute("VACUUM");
        } catch (SQLException e) {
            throw errors.translate(e, "vacuuming");
        }
    }

    private void checkFiles(Transaction transaction, boolean fix, List<String> warnings) throws SQLException {
        PooledConnection connection = transaction.connection();
        Set<Path> referenced = new HashSet<>();
        Map<Long, Path> wrongSizes = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        try (ResultSet rows = connection.jdbc().createStatement()
                .executeQuery("SELECT rowid, size, filename FROM Cache WHERE filename IS NOT NULL")) {
            while (rows.next()) {
                long rowid = rows.getLong(1);
                long size = rows.getLong(2);
                Path path = directory.resolve(rows.getString(3));
                referenced.add(path);
                try {
                    long realSize = Files.size(path);
                    if (realSize != size) {
                        warnings.add("wrong file size: " + path + ", " + realSize + " != " + size);
                        wrongSizes.put(rowid, path);
                    }
                } catch (IOException e) {
                    warnings.add("file not found: " + path);
                    missing.add(rowid);
                }
            }
        }
        if (fix) {
            // A file of the wrong size holds a damaged value (reads treat it as a miss): drop the row,
            // its file then shows up below as unknown and is removed with the other strays.
            for (Map.Entry<Long, Path> wrongSize : wrongSizes.entrySet()) {
                RowStore.deleteRow(connection, wrongSize.getKey());
                referenced.remove(wrongSize.getValue());
            }
            for (long rowid : missing) {
                RowStore.deleteRow(connection, rowid);
            }
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> paths = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path path : paths) {
                if (path.equals(directory) || path.toString().contains(Shard.DATABASE_FILE)) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    boolean empty;
                    try (Stream<Path> children = Files.list(path)) {
                        empty = children.findAny().isEmpty();
                    }
                    if (empty) {
                        warnings.add("empty directory: " + path);
                        if (fix) {
                            Files.deleteIfExists(path);
                        }
                    }
                } else if (!referenced.contains(path)) {
                    warnings.add("unknown file: " + path);
                    if (fix) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("walking " + directory + " failed", e);
        }
    }

    private static void checkCounters(PooledConnection connection, boolean fix, List<String> warnings)
            throws SQLException {
        long count = Sql.queryLong(connection.prepare("SELECT COUNT(key) FROM Cache"));
        long size = Sql.queryLong(connection.prepare("SELECT COALESCE(SUM(size), 0) FROM Cache"));
        long countSetting = ShardSchema.readCounter(connection, "count");
        long sizeSetting = ShardSchema.readCounter(connection, "size");
        PreparedStatement update = connection.prepare("UPDATE Settings SET value = ? WHERE key = ?");
        if (count != countSetting) {
            warnings.add("Settings.count != COUNT(Cache.key); " + countSetting + " != " + count);
            if (fix) {
                update.setLong(1, count);
                update.setString(2, "count");
                update.executeUpdate();
            }
        }
        if (size != sizeSetting) {
            warnings.add("Settings.size != SUM(Cache.size); " + sizeSetting + " != " + size);
            if (fix) {
                update.setLong(1, size);
                update.setString(2, "size");
                update.executeUpdate();
            }
        }
    }

}
