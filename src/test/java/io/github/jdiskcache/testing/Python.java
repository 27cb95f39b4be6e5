package io.github.jdiskcache.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python program with Debian's interpreter and its python3-diskcache, for interop tests:
 * missing Python or diskcache fails the test, never skips it. The caller's Python settings and
 * user packages are kept out, so only Debian's diskcache counts.
 */
public final class Python {
    public static final String INTERPRETER = "/usr/bin/python3";

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final String command;

    private Python(Process process, Path stdout, Path stderr, String command) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.command = command;
    }

    /** Starts {@code program} with {@code arguments} ({@code sys.argv[1:]}); its output goes to files in {@code workDir}. */
    public static Python start(Path workDir, String program, String... arguments) throws IOException {
        Path script = Files.createTempFile(workDir, "program", ".py");
        Files.writeString(script, program, UTF_8);
        List<String> command = new ArrayList<>(List.of(INTERPRETER, script.toString()));
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
        Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PYTHON"));
        builder.environment().put("PYTHONNOUSERSITE", "1");
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        return new Python(builder.start(), stdout, stderr, String.join(" ", command));
    }

    /** Runs {@code program} to its end and returns its output's lines; fails unless it exits 0 within a minute. */
    public static List<String> run(Path workDir, String program, String... arguments)
            throws IOException, InterruptedException {
        return start(workDir, program, arguments).awaitSuccess(60, TimeUnit.SECONDS);
    }

    public Process process() {
        return process;
    }

    /** The lines printed so far. */
    public List<String> output() throws IOException {
        return Files.readString(stdout, UTF_8).lines().toList();
    }

    /**
     * Waits (polling its output file) until the program has printed {@code line}; fails if it exits
     * first or has not printed it within a minute.
     */
    public void awaitLine(String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!output().contains(line)) {
            if (!process.isAlive() && !output().contains(line)) {
                throw new AssertionError(command + " exited before printing " + line + "\nstderr:\n"
                        + Files.readString(stderr, UTF_8));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(command + " did not print " + line + " within a minute");
            }
            Threads.pause(); // between two looks at the output: the printed line is the handshake
        }
    }

    public List<String> awaitSuccess(long timeout, TimeUnit unit) throws IOException, InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish in " + timeout + " " + unit + "\nstderr:\n"
                    + Files.readString(stderr, UTF_8));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " exited with " + process.exitValue() + "\nstderr:\n"
                    + Files.readString(stderr, UTF_8));
        }
        return output();
    }
}
