package io.github.jdiskcache.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a real child JVM on the test class path, for multi-process and crash tests. */
public final class ChildJvm {
    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Launches {@code mainClass} with {@code args}; stdout and stderr go to a log file next to {@code workDir}. */
    public static ChildJvm start(Path workDir, Class<?> mainClass, String... args) throws IOException {
        return start(workDir, List.of(), mainClass, args);
    }

    /** As {@link #start(Path, Class, String...)}, with extra JVM options such as {@code -Dkey=value}. */
    public static ChildJvm start(Path workDir, List<String> jvmOptions, Class<?> mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.addAll(jvmOptions); // after the defaults above, so that an option given here wins
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        File log = File.createTempFile("child-" + mainClass.getSimpleName(), ".log", workDir.toFile());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log).start();
        return new ChildJvm(process, log.toPath());
    }

    public Process process() {
        return process;
    }

    /** Waits for a normal exit and returns the child's output; fails on timeout or a non-zero exit. */
    public String awaitSuccess(long timeout, TimeUnit unit) throws IOException, InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish in " + timeout + " " + unit + ":\n" + output());
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("child JVM exited with " + process.exitValue() + ":\n" + output());
        }
        return output();
    }

    /**
     * The parent's half of a start handshake: waits until every child printed a line starting
     * with {@code prefix} (it is set up and waits for the parent's go), failing when one exits first.
     */
    public static void awaitAllPrinted(List<ChildJvm> children, String prefix, long timeout, TimeUnit unit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (ChildJvm child : children) {
            while (!child.output().contains(prefix)) {
                if (!child.process().isAlive()) {
                    throw new AssertionError("child exited before printing " + prefix + ":\n" + child.output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("child did not print " + prefix + " in " + timeout + " " + unit
                            + ":\n" + child.output());
                }
                Thread.sleep(20);
            }
        }
    }

    public String output() throws IOException {
        return java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
    }
}
