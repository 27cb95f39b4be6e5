package io.github.jdiskcache.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.jdiskcache.store.FanoutCache;

/**
 * The launcher script src/main/sh/jdiskcache: its first successful call makes a class-data-sharing
 * archive in a folder private to the user, later calls map it, and an archive that is stale, foreign,
 * or writable by others never changes what the tool prints (the JVM refuses a mismatching archive by
 * itself; the script refuses one others may write).
 */
class LauncherTest {
    private static final Path SCRIPT = Path.of("src", "main", "sh", "jdiskcache");
    private static final String VALUE = "hello" + System.lineSeparator();

    @TempDir
    Path temp;

    private Path jar;
    private Path cache;
    private Path archiveFolder;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")));
        jar = cliJar(temp.resolve("lib"), List.of());
        cache = temp.resolve("cache");
        try (FanoutCache writer = FanoutCache.open(cache)) {
            writer.set("greeting", "hello");
        }
        archiveFolder = temp.resolve("xdg").resolve("jdiskcache-cli");
    }

    @Test
    void theFirstCallMakesAPrivateArchiveThatTheNextCallMaps() throws Exception {
        Result first = get(List.of());
        Path archive = archive();
        Result second = get(List.of());

        assertEquals(new Result(0, VALUE, ""), first.withoutClassLog());
        assertEquals(new Result(0, VALUE, ""), second.withoutClassLog());
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(archiveFolder));
        assertFalse(Files.getPosixFilePermissions(archive).contains(PosixFilePermission.GROUP_WRITE)
                || Files.getPosixFilePermissions(archive).contains(PosixFilePermission.OTHERS_WRITE));
        assertFalse(first.mainFromArchive(), "nothing to map on the first call");
        assertTrue(second.mainFromArchive(), "the second call maps the archive");
        try (Stream<Path> files = Files.list(archiveFolder)) {
            assertEquals(List.of(archive), files.toList(), "no draft is left behind");
        }
    }

    @Test
    void aNewerJarGetsANewArchive() throws Exception {
        get(List.of());
        Path archive = archive();
        FileTime made = Files.getLastModifiedTime(archive);
        Files.setLastModifiedTime(archive, FileTime.fromMillis(made.toMillis() - 60_000));
        cliJar(jar.getParent(), List.of("rebuilt"));

        Result rebuilt = get(List.of());
        Result next = get(List.of());

        assertEquals(new Result(0, VALUE, ""), rebuilt.withoutClassLog());
        assertFalse(rebuilt.mainFromArchive(), "the old archive is not offered to the JVM");
        assertNotEquals(made.toMillis() - 60_000, Files.getLastModifiedTime(archive).toMillis());
        assertTrue(next.mainFromArchive());
    }

    @Test
    void anArchiveOfAnotherBuildIsRefusedByTheJvmWithoutAWord() throws Exception {
        get(List.of());
        Path archive = archive();
        // Another build of the jar that is not newer than the archive: only the JVM can tell.
        cliJar(jar.getParent(), List.of("another build"));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() - 60_000));

        Result result = get(List.of());

        assertEquals(new Result(0, VALUE, ""), result.withoutClassLog());
        assertFalse(result.mainFromArchive());
    }

    @Test
    void aForeignFileInPlaceOfTheArchiveChangesNothing() throws Exception {
        get(List.of());
        Path archive = archive();
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-------"));
        Files.write(archive, "not an archive".getBytes(UTF_8));

        Result result = get(List.of());

        assertEquals(new Result(0, VALUE, ""), result.withoutClassLog());
        assertFalse(result.mainFromArchive());
    }

    @Test
    void anArchiveOthersMayWriteIsNeverMapped() throws Exception {
        get(List.of());
        Path archive = archive();
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-r--"));

        Result result = get(List.of());

        assertEquals(0, result.code());
        assertEquals(VALUE, result.out());
        assertTrue(result.err().contains("not using " + archive), result.err());
        assertFalse(result.mainFromArchive());
    }

    @Test
    void aJvmThatCannotDumpRunsTheCommandOnceWithoutAnArchive() throws Exception {
        Result result = get(List.of("-Xshare:off"));

        assertEquals(new Result(0, VALUE, ""), result.withoutClassLog());
        assertEquals(1, result.classLogs(), "the command ran exactly once");
        try (Stream<Path> files = Files.list(archiveFolder)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void aFailedFirstCallKeepsNoArchive() throws Exception {
        Result missing = run(List.of(), "get", cache.toString(), "no such key");

        assertEquals(1, missing.code());
        try (Stream<Path> files = Files.list(archiveFolder)) {
            assertEquals(List.of(), files.toList(), "an archive of a call that failed early would lack classes");
        }
    }

    @Test
    void theToolRunsOnTheSerialCollectorUnlessTheCallerSaysOtherwise() throws Exception {
        assertEquals(Set.of("Serial"), collectors(List.of()), "every JVM the launcher starts");
        assertEquals(Set.of("G1"), collectors(List.of("-XX:+UseG1GC")), "JDISKCACHE_JAVA_OPTIONS come last and win");
    }

    /**
     * Without JAVA_HOME, the java on the PATH (a link, as /usr/bin/java is) names the archive after
     * its JDK's release; the home found for it is kept for later calls, and a kept home that is not
     * that java's is found again.
     */
    @Test
    void withoutJavaHomeTheJavaOnThePathNamesTheArchiveAndAWrongKeptHomeIsCorrected() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
        String release = Files.readAllLines(javaHome.resolve("release")).stream()
                .filter(line -> line.startsWith("JAVA_RUNTIME_VERSION=")).findFirst().orElseThrow()
                .substring("JAVA_RUNTIME_VERSION=".length()).replaceAll("[^A-Za-z0-9.+-]", "");
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), javaHome.resolve("bin").resolve("java"));
        Consumer<Map<String, String>> onThePath = environment -> {
            environment.remove("JAVA_HOME");
            environment.put("PATH", bin + ":/usr/bin:/bin");
        };

        assertEquals(new Result(0, VALUE, ""), run(onThePath, List.of(), "get", cache.toString(), "greeting").withoutClassLog());
        Path archive = archive();
        assertTrue(archive.getFileName().toString().startsWith("cli-" + release + "-"), archive.toString());
        assertTrue(run(onThePath, List.of(), "get", cache.toString(), "greeting").mainFromArchive());
        assertEquals(javaHome.toString(), Files.readString(archiveFolder.resolve("java-home")).trim(),
                "kept once the archive's folder exists");

        Files.writeString(archiveFolder.resolve("java-home"), temp.resolve("another-jdk") + "\n");
        Result next = run(onThePath, List.of(), "get", cache.toString(), "greeting");

        assertEquals(new Result(0, VALUE, ""), next.withoutClassLog());
        assertTrue(next.mainFromArchive(), "the same archive, named after the same JDK");
        assertEquals(archive, archive());
        assertEquals(javaHome.toString(), Files.readString(archiveFolder.resolve("java-home")).trim());
    }

    /** The collectors the JVMs of one call (twice: the archive is made by the first) say they use. */
    private Set<String> collectors(List<String> jvmOptions) throws Exception {
        Path gcLogs = Files.createTempDirectory(temp, "gc");
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Xlog:gc=info:file=" + gcLogs + "/%p.log");
        Set<String> collectors = new TreeSet<>();
        for (int call = 0; call < 2; call++) {
            assertEquals(new Result(0, VALUE, ""), get(options).withoutClassLog());
        }
        try (Stream<Path> files = Files.list(gcLogs)) {
            for (Path log : files.toList()) {
                Files.readAllLines(log).stream().filter(line -> line.contains("Using "))
                        .map(line -> line.substring(line.indexOf("Using ") + 6).trim()).forEach(collectors::add);
            }
        }
        return collectors;
    }

    private Path archive() throws IOException {
        try (Stream<Path> files = Files.list(archiveFolder)) {
            List<Path> archives = files.filter(file -> file.toString().endsWith(".jsa")).toList();
            assertEquals(1, archives.size(), archives.toString());
            return archives.get(0);
        }
    }

    private Result get(List<String> jvmOptions) throws Exception {
        return run(jvmOptions, "get", cache.toString(), "greeting");
    }

    /** Runs the script; every JVM it starts logs where Main came from into a file of its own. */
    private Result run(List<String> jvmOptions, String... args) throws Exception {
        return run(environment -> environment.put("JAVA_HOME", System.getProperty("java.home")), jvmOptions, args);
    }

    private Result run(Consumer<Map<String, String>> javaFinder, List<String> jvmOptions, String... args)
            throws Exception {
        Path classLogs = Files.createTempDirectory(temp, "classes");
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        javaFinder.accept(environment);
        environment.put("XDG_CACHE_HOME", temp.resolve("xdg").toString());
        environment.put("JDISKCACHE_CLI_JAR", jar.toString());
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Xlog:class+load=info:file=" + classLogs + "/%p.log");
        environment.put("JDISKCACHE_JAVA_OPTIONS", String.join(" ", options));
        Path out = temp.resolve("out");
        Path err = temp.resolve("err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
        List<String> mainLoads = new ArrayList<>();
        int logs;
        try (Stream<Path> files = Files.list(classLogs)) {
            List<Path> all = files.toList();
            logs = (int) all.stream().filter(log -> {
                try {
                    return Files.readString(log).contains(" io.github.jdiskcache.cli.Main ");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).count();
            for (Path log : all) {
                Files.readAllLines(log).stream().filter(line -> line.contains(" io.github.jdiskcache.cli.Main "))
                        .forEach(mainLoads::add);
            }
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err), logs, mainLoads);
    }

    /** A runnable CLI jar of the main classes, its libraries beside it, with {@code extra} entries. */
    private static Path cliJar(Path folder, List<String> extra) throws IOException, URISyntaxException {
        Files.createDirectories(folder);
        List<String> classPath = new ArrayList<>();
        for (Class<?> library : List.of(org.sqlite.JDBC.class, javax.cache.Cache.class)) {
            Path source = Path.of(library.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path copy = folder.resolve(source.getFileName());
            if (Files.notExists(copy)) {
                Files.copy(source, copy);
            }
            classPath.add(copy.getFileName().toString());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = folder.resolve("jdiskcache-cli.jar");
        Path draft = folder.resolve("jdiskcache-cli.jar.tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(draft), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            for (String name : extra) {
                out.putNextEntry(new JarEntry(name));
                out.write(name.getBytes(UTF_8));
                out.closeEntry();
            }
        }
        Files.move(draft, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }

    private record Result(int code, String out, String err, int classLogs, List<String> mainLoads) {
        Result(int code, String out, String err) {
            this(code, out, err, 0, List.of());
        }

        Result withoutClassLog() {
            return new Result(code, out, err);
        }

        /** Main came from the archive the JVM mapped ("shared objects file (top)"), not from the jar. */
        boolean mainFromArchive() {
            assertEquals(1, mainLoads.size(), mainLoads.toString());
            return mainLoads.get(0).contains("shared objects file");
        }
    }
}
