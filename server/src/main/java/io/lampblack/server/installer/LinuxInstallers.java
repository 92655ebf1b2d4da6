package io.lampblack.server.installer;

import io.lampblack.server.tar.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * Makes the Linux sensor's installer of a sensor group: a gzipped tar holding, under {@code lampblack-sensor/}, the
 * sensor's jars ({@code lib/}), a Java runtime made for them ({@code runtime/}, see {@link SensorRuntime}), the start
 * script {@code bin/lampblack-sensor}, {@code install.sh}, {@code uninstall.sh}, a systemd unit, and what ties the
 * sensor to the server and the group: {@code sensor.conf} (server URL, group), {@code server.pem} (the only
 * certificate the sensor trusts) and {@code registration-token} (the group's enrolment token, owner-only).
 */
public final class LinuxInstallers {

    /** The top directory every entry is in. */
    public static final String TOP = "lampblack-sensor/";

    /** The scripts and unit, as resources, with the mode each is unpacked with. */
    private record Script(String name, int mode) {}

    private static final List<Script> SCRIPTS = List.of(
            new Script("install.sh", 0755),
            new Script("uninstall.sh", 0755),
            new Script("bin/lampblack-sensor", 0755),
            new Script("lampblack-sensor.service", 0644),
            new Script("README", 0644));

    /**
     * What an installer is made for.
     *
     * @param serverUrl          the URL the sensor reaches the server at (https)
     * @param groupId            the sensor group it registers into
     * @param groupName          that group's name (for the reader of sensor.conf)
     * @param enrolmentToken     the group's enrolment token
     * @param serverCertificates the PEM certificates the sensor trusts, and only those
     */
    public record Enrolment(
            String serverUrl, int groupId, String groupName, String enrolmentToken, String serverCertificates) {
        public Enrolment {
            URI u = URI.create(serverUrl);
            if (!"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("the sensor's server URL must be https://HOST[:PORT]: " + serverUrl);
            }
            if (!enrolmentToken.matches("[0-9a-zA-Z_-]+")) {
                throw new IllegalArgumentException("an enrolment token is letters, digits, '-' and '_'");
            }
        }
    }

    /** An installer ready to be written: its runtime exists, so writing it fails only if the stream does. */
    public interface Installer {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path distDir;
    private final SensorRuntime runtime;
    private final Clock clock;

    /**
     * @param distDir  the sensor module's distribution directory, whose {@code lib/} holds the sensor's jars
     * @param javaHome the JDK whose jdeps and jlink make the runtime
     * @param cacheDir where runtimes are kept between requests
     */
    public LinuxInstallers(Path distDir, Path javaHome, Path cacheDir, Clock clock) {
        this.distDir = distDir;
        this.runtime = new SensorRuntime(javaHome, cacheDir);
        this.clock = clock;
    }

    /**
     * Prepares the installer (making the runtime on first use, which takes seconds), so that anything that can go
     * wrong does so before a byte is sent.
     *
     * @throws InstallerProblem when this server cannot make installers, or making the runtime failed
     */
    public Installer prepare(Enrolment enrolment) {
        List<Path> jars = jars();
        Path image = runtime.imageFor(jars);
        return out -> write(out, enrolment, jars, image);
    }

    /** Whether installers can be made: the sensor's jars are in the distribution directory. */
    public boolean available() {
        try {
            jars();
            return true;
        } catch (InstallerProblem | UncheckedIOException e) {
            return false;
        }
    }

    private List<Path> jars() {
        Path lib = distDir.resolve("lib");
        List<Path> jars;
        try (Stream<Path> s = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("lampblack-sensor-"))) {
            throw InstallerProblem.notAvailable("this server has no Linux sensor to put into an installer: " + lib
                    + " holds no lampblack-sensor jar (the build makes it: ./lampblack builds it, or give"
                    + " --sensor-dist)");
        }
        return jars;
    }

    private void write(OutputStream raw, Enrolment e, List<Path> jars, Path image) throws IOException {
        // The runtime is most of the bytes and compresses to about a third at any level: the fast one saves CPU.
        try (TarWriter tar = TarWriter.gzipped(raw, clock.instant().getEpochSecond(), Deflater.BEST_SPEED)) {
            tar.directory(TOP);
            tar.directory(TOP + "bin");
            for (Script s : SCRIPTS) tar.file(TOP + s.name(), s.mode(), resource(s.name()));
            tar.file(TOP + "sensor.conf", 0644, sensorConf(e).getBytes(StandardCharsets.UTF_8));
            tar.file(TOP + "server.pem", 0644, e.serverCertificates().getBytes(StandardCharsets.US_ASCII));
            tar.file(TOP + "registration-token", 0600, (e.enrolmentToken() + "\n").getBytes(StandardCharsets.US_ASCII));
            tar.directory(TOP + "lib");
            for (Path j : jars) tar.file(TOP + "lib/" + j.getFileName(), 0644, j);
            writeTree(tar, image, TOP + "runtime");
        }
    }

    /** The runtime image as it is, executables staying executable (links are followed: legal notices are links). */
    private static void writeTree(TarWriter tar, Path root, String prefix) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted().toList();
        }
        for (Path p : all) {
            String name = prefix
                    + (p.equals(root) ? "" : "/" + root.relativize(p).toString().replace('\\', '/'));
            if (Files.isDirectory(p)) tar.directory(name);
            else if (Files.isRegularFile(p)) tar.file(name, Files.isExecutable(p) ? 0755 : 0644, p);
        }
    }

    /**
     * The settings the start script reads (it is sourced by a POSIX shell): every value in single quotes, so that
     * a group name with quotes, dollars or backticks stays text.
     */
    static String sensorConf(Enrolment e) {
        return "# Made by the Lampblack server for sensor group " + e.groupId() + ". Read by bin/lampblack-sensor.\n"
                + "LAMPBLACK_SERVER=" + shellQuoted(e.serverUrl()) + "\n"
                + "LAMPBLACK_GROUP_ID=" + e.groupId() + "\n"
                + "LAMPBLACK_GROUP_NAME=" + shellQuoted(printable(e.groupName())) + "\n";
    }

    /**
     * The text without control characters (each becomes '?'): a NUL ends a shell's reading of sensor.conf early and a
     * newline or carriage return would garble it; the group name there is for people, not for the sensor.
     */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    static String shellQuoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LinuxInstallers.class.getResourceAsStream("/installer/linux/" + name)) {
            if (in == null) throw new IllegalStateException("installer resource missing: " + name);
            return in.readAllBytes();
        }
    }
}
