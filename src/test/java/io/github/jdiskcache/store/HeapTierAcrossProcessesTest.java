package io.github.jdiskcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the heap tier never returns a value older than one another process committed before
 * the read started. Another JVM or Python's diskcache writes over a pipe, one line per write,
 * answering "ok" once committed; this JVM reads through its tier after every answer, having read
 * (and so kept) the key before the write.
 */
class HeapTierAcrossProcessesTest {
    private static final int ROUNDS = 10_000;
    private static final int KEYS = 50;

    @TempDir
    Path directory;

    /** A child process driven line by line: the handshake is its "ok" after each committed write. */
    private static final class LineWriter implements AutoCloseable {
        final Process process;
        final Writer in;
        final BufferedReader out;

        LineWriter(List<String> command) throws IOException {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        String send(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
            String answer = out.readLine();
            if (answer == null) {
                throw new AssertionError("the writer died on: " + line);
            }
            return answer;
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        }
    }

    private static List<String> javaWriter(Path directory) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LineWriterWorker.class.getName(), directory.toString());
    }

    private static List<String> pythonWriter(Path directory, int shards) {
        Path script = Path.of("src/test/resources/interop/line_writer.py").toAbsolutePath();
        return List.of("/usr/bin/python3", script.toString(), directory.toString(), String.valueOf(shards));
    }

    /** Rounds of: read a key (kept by the tier), the writer commits a new value, read it again. */
    private static void roundsWithoutAStaleRead(FanoutCache cache, LineWriter writer, int rounds) throws IOException {
        Map<String, String> committed = new HashMap<>();
        long hitsBefore = hits(cache);
        for (int round = 0; round < rounds; round++) {
            String key = "k" + round % KEYS;
            assertEquals(committed.get(key), cache.get(key), key + " before round " + round);
            String value = "v" + round;
            assertEquals("ok", writer.send("set " + key + " " + value));
            committed.put(key, value);
            assertEquals(value, cache.get(key), key + " in round " + round + ": the tier must not answer stale");
            String other = "k" + (round * 7 + 3) % KEYS;
            assertEquals(committed.get(other), cache.get(other), other + " in round " + round);
            if (round % 1_000 == 999) {
                assertEquals("ok", writer.send("checkpoint"));
            }
        }
        assertTrue(hits(cache) > hitsBefore, "the tier answered some reads");
    }

    private static long hits(FanoutCache cache) {
        return cache.shards().stream().mapToLong(shard -> shard.heapTier().hitCount()).sum();
    }

    @Test
    void anotherJvmsWritesAreNeverReadStale() throws Exception {
        try (FanoutCache cache = FanoutCache.open(directory);
             LineWriter writer = new LineWriter(javaWriter(directory))) {
            roundsWithoutAStaleRead(cache, writer, ROUNDS);
            assertEquals("ok", writer.send("check"));
            assertEquals("ok", writer.send("set k0 after-check"));
            assertEquals("after-check", cache.get("k0"));
        }
    }

    @Test
    void pythonsWritesAreNeverReadStale() throws Exception {
        try (FanoutCache cache = FanoutCache.open(directory);
             LineWriter writer = new LineWriter(pythonWriter(directory, cache.shardCount()))) {
            roundsWithoutAStaleRead(cache, writer, ROUNDS);
        }
    }

    /** A writer killed by SIGKILL at any moment: afterwards the tier shows its last commit, nothing older. */
    @Test
    void aWriterKilledMidWayLeavesNoStaleRead() throws Exception {
        try (FanoutCache cache = FanoutCache.open(directory);
             FanoutCache withoutTier = FanoutCache.open(directory, null, Settings.none(),
                     StoreOptions.defaults().withHeapBytes(0));
             LineWriter writer = new LineWriter(javaWriter(directory))) {
            writer.in.write("spam k\n");
            writer.in.flush();
            long acknowledged = -1;
            while (acknowledged < 2_000) {
                acknowledged = Long.parseLong(writer.out.readLine().substring(3));
                Object read = cache.get("k");
                assertTrue(read != null && Long.parseLong(((String) read).substring(1)) >= acknowledged,
                        "read " + read + " after ok " + acknowledged);
            }
            writer.process.destroyForcibly().waitFor();
            // Acknowledgements still in the pipe only raise the bar; the pipe may be gone with the process.
            Object afterKill = cache.get("k");
            assertEquals(withoutTier.get("k"), afterKill, "the tier and SQLite agree after the kill");
            assertTrue(Long.parseLong(((String) afterKill).substring(1)) >= acknowledged,
                    afterKill + " is at least the last acknowledged v" + acknowledged);
        }
    }
}
