package io.lampblack.server.installer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java runtime an installer carries, made with {@code jlink} from the JDK the server runs on, holding only the
 * modules the sensor's jars use ({@code jdeps} says which). Made once per set of jars and JDK, on the first
 * installer request, and kept under the cache directory. When the jars change (a rebuild under a running server),
 * the next request makes a new runtime and removes the older ones.
 */
final class SensorRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(SensorRuntime.class);

    /**
     * Modules the libraries use only when they are there ({@code requires static} in jackson-databind's module
     * descriptor: java.beans annotations, java.sql date types), which jdeps counts all the same. Leaving them out
     * makes the runtime a third smaller (java.desktop alone is about 35 MB).
     */
    private static final Set<String> LIBRARY_OPTIONAL = Set.of("java.desktop", "java.sql");

    /** How long jdeps or jlink may take before the attempt is given up (and the tool stopped). */
    private static final long TOOL_MINUTES = 5;

    /** How long a failure to make a runtime is answered again without trying again (jlink is costly). */
    private static final java.time.Duration REMEMBER_FAILURE = java.time.Duration.ofMinutes(1);

    private final Path javaHome;
    private final Path cacheDir;

    /** The last failure to make a runtime: its key, when, and what it was; null after a success. */
    private String failedKey;

    private java.time.Instant failedAt;
    private InstallerProblem failure;

    SensorRuntime(Path javaHome, Path cacheDir) {
        this.javaHome = javaHome;
        this.cacheDir = cacheDir;
    }

    /**
     * The runtime image for these jars, made now if it does not exist yet. Callers wait for one another: the first
     * makes it, the others use it.
     *
     * @throws InstallerProblem when the server's Java has no jlink or jlink fails
     */
    synchronized Path imageFor(List<Path> jars) {
        String key = key(jars);
        Path image = cacheDir.resolve("runtime-" + key);
        if (Files.isExecutable(image.resolve("bin/java"))) return image;
        if (key.equals(failedKey) && java.time.Instant.now().isBefore(failedAt.plus(REMEMBER_FAILURE))) throw failure;
        try {
            Path made = make(jars, key, image);
            failedKey = null;
            return made;
        } catch (InstallerProblem e) {
            failedKey = key;
            failedAt = java.time.Instant.now();
            failure = e;
            throw e;
        }
    }

    private Path make(List<Path> jars, String key, Path image) {
        Path jlink = tool("jlink");
        Path jdeps = tool("jdeps");
        try {
            Files.createDirectories(cacheDir);
            removeOthers(image);
            // jdeps sees every module the class files name; nothing the sensor needs is loaded only as a service
            // (TLS with EC keys is in java.base since JDK 22). A library's optional modules stay out unless the
            // sensor's own code names them.
            Set<String> modules = new LinkedHashSet<>(modulesOf(jdeps, jars));
            modules.removeAll(LIBRARY_OPTIONAL);
            // protobuf-java logs through java.util.logging the first time an enum class loads (RuntimeVersion); jdeps
            // missed it, and the installed sensor then died as its telemetry encoded the first event.
            modules.add("java.logging");
            modules.addAll(modulesOf(
                    jdeps,
                    jars.stream()
                            .filter(j -> j.getFileName().toString().startsWith("lampblack-"))
                            .toList()));
            Path partial = cacheDir.resolve("partial-" + key);
            deleteTree(partial);
            LOG.info("making the sensor's Java runtime for installers (jlink, modules {}); once per build", modules);
            List<String> cmd = List.of(
                    jlink.toString(),
                    "--add-modules",
                    String.join(",", modules),
                    "--strip-debug",
                    "--no-man-pages",
                    "--no-header-files",
                    "--output",
                    partial.toString());
            run(cmd, "jlink");
            // A runtime-<key> left without bin/java (a disk that filled up, a hand that deleted in it) would make
            // the move fail at every request.
            deleteTree(image);
            Files.move(partial, image, StandardCopyOption.ATOMIC_MOVE);
            return image;
        } catch (IOException e) {
            throw InstallerProblem.unavailable("the sensor's Java runtime could not be made: " + e.getMessage());
        }
    }

    /** The modules the jars need, from jdeps (the JDK's own dependency analyser). */
    private List<String> modulesOf(Path jdeps, List<Path> jars) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                jdeps.toString(),
                "--print-module-deps",
                "--ignore-missing-deps",
                "--multi-release",
                Integer.toString(Runtime.version().feature()),
                "-q"));
        jars.forEach(j -> cmd.add(j.toString()));
        String out = run(cmd, "jdeps").strip();
        String last = out.lines().reduce((a, b) -> b).orElse("");
        if (!last.matches("[a-zA-Z0-9.,]+")) {
            throw InstallerProblem.unavailable("jdeps did not list the sensor's modules: " + tail(out));
        }
        return List.of(last.split(","));
    }

    /** Runs a JDK tool, its output into a string; failure or a hang is an {@link InstallerProblem}. */
    private String run(List<String> cmd, String name) throws IOException {
        Path log = Files.createTempFile(cacheDir, name, ".log");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean done;
            try {
                done = p.waitFor(TOOL_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                p.onExit().join();
                Thread.currentThread().interrupt();
                throw InstallerProblem.unavailable(name + " was interrupted");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (!done) {
                // Waited for, so that the tool no longer writes into the directory being cleaned up.
                p.destroyForcibly();
                p.onExit().join();
                throw InstallerProblem.unavailable(name + " did not finish in " + TOOL_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                throw InstallerProblem.unavailable(name + " failed (exit " + p.exitValue() + "): " + tail(out));
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private Path tool(String name) {
        Path t = javaHome.resolve("bin").resolve(name);
        if (!Files.isExecutable(t)) {
            throw InstallerProblem.notAvailable("the server runs on a Java runtime without " + name + " (" + javaHome
                    + "); run it on a JDK " + Runtime.version().feature() + " to make Linux installers");
        }
        return t;
    }

    /** Identifies the jars (names, sizes, times) and the JDK: a rebuild or another JDK makes a new runtime. */
    private String key(List<Path> jars) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((Runtime.version() + "\n" + javaHome + "\n").getBytes(StandardCharsets.UTF_8));
            for (Path j : jars) {
                md.update((j.getFileName() + " " + Files.size(j) + " "
                                + Files.getLastModifiedTime(j).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes runtimes of other builds, when a new one is made: at most once per build. A download still reading an
     * older runtime at that moment (one that began before the rebuild) breaks off, and is fetched again.
     */
    private void removeOthers(Path keep) throws IOException {
        try (Stream<Path> s = Files.list(cacheDir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (!p.equals(keep) && (n.startsWith("runtime-") || n.startsWith("partial-"))) deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static String tail(String out) {
        String t = out.strip();
        return t.length() <= 2000 ? t : "..." + t.substring(t.length() - 2000);
    }
}
