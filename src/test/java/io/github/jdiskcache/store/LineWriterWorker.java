package io.github.jdiskcache.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child-JVM entry point for the heap-tier tests: one operation on a FanoutCache per line of stdin,
 * answering {@code ok} once it committed. Lines: {@code set KEY VALUE}, {@code checkpoint} (a
 * TRUNCATE checkpoint of every shard, which resets the WAL), {@code check} ({@code check(true)}),
 * {@code spam KEY} (sets KEY to {@code v0, v1, …} forever, printing {@code ok N} after each, until
 * killed), {@code quit}.
 */
public final class LineWriterWorker {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (FanoutCache cache = FanoutCache.open(Path.of(args[0]))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "set" -> cache.set(words[1], words[2]);
                    case "checkpoint" -> {
                        for (Shard shard : cache.shards()) {
                            ShardFiles.execute(shard.directory(), "PRAGMA wal_checkpoint(TRUNCATE)");
                        }
                    }
                    case "check" -> cache.check(true);
                    case "spam" -> {
                        for (long i = 0; ; i++) {
                            cache.set(words[1], "v" + i);
                            System.out.println("ok " + i);
                            System.out.flush();
                        }
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> throw new IllegalArgumentException(line);
                }
                System.out.println("ok");
                System.out.flush();
            }
        }
    }
}
