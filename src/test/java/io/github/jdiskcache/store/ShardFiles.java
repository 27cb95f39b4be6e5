package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** What a shard's directory holds, read behind the shard's back: its value files and its database. */
final class ShardFiles {
    private ShardFiles() {
    }

    /** The value files under {@code directory}, as relative paths, sorted. */
    static List<String> valueFiles(Path directory) {
        try (var walk = Files.walk(directory)) {
            return walk.filter(path -> path.toString().endsWith(".val"))
                    .map(path -> directory.relativize(path).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code SELECT expression FROM from} on the shard's database: the first row's value. */
    static Object column(Path directory, String expression, String from) throws SQLException {
        try (Connection connection = connect(directory);
             ResultSet row = connection.createStatement().executeQuery("SELECT " + expression + " FROM " + from)) {
            assertTrue(row.next());
            return Disk.normalize(row.getObject(1));
        }
    }

    static void execute(Path directory, String sql) throws SQLException {
        try (Connection connection = connect(directory)) {
            connection.createStatement().execute(sql);
        }
    }

    static Connection connect(Path directory) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(Shard.DATABASE_FILE));
    }
}
