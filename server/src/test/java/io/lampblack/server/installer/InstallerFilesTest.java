package io.lampblack.server.installer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces of an installer that the system's own tools read: the tar archive (read by {@code tar}) and
 * {@code sensor.conf} (sourced by {@code sh}), checked with those tools.
 */
class InstallerFilesTest {

    @TempDir
    Path dir;

    @Test
    void tarReadsBackWhatWasWrittenWithModesAndLongPaths() throws Exception {
        byte[] big = new byte[700_001]; // not a multiple of the 512-byte block
        new Random(7).nextBytes(big);
        Path source = dir.resolve("source.bin");
        Files.write(source, big);
        String deep = "top/" + "d".repeat(60) + "/" + "e".repeat(60) + "/file-with-a-long-name.txt"; // > 100 bytes
        Path archive = dir.resolve("a.tar");
        try (OutputStream out = Files.newOutputStream(archive);
                TarWriter tar = new TarWriter(out, 1_700_000_000L)) {
            tar.directory("top");
            tar.file("top/run.sh", 0755, "#!/bin/sh\necho ran\n".getBytes(StandardCharsets.US_ASCII));
            tar.file("top/secret", 0600, "s3cret\n".getBytes(StandardCharsets.US_ASCII));
            tar.file("top/big.bin", 0644, source);
            tar.file(deep, 0644, "deep\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path into = Files.createDirectories(dir.resolve("into"));
        run(List.of("tar", "-xf", archive.toString(), "-C", into.toString()));

        assertEquals("ran\n", run(List.of(into.resolve("top/run.sh").toString())));
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("top/secret"))));
        assertArrayEquals(big, Files.readAllBytes(into.resolve("top/big.bin")));
        assertEquals("deep\n", Files.readString(into.resolve(deep)));
        assertEquals(
                1_700_000_000_000L,
                Files.getLastModifiedTime(into.resolve("top/secret")).toMillis());
    }

    @Test
    void aPathTarCannotHoldIsRefusedNotTruncated() {
        TarWriter tar = new TarWriter(new ByteArrayOutputStream(), 0);
        IOException e = assertThrows(IOException.class, () -> tar.file("x".repeat(120), 0644, new byte[0]));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }

    @Test
    void sensorConfKeepsAGroupNameTextWhenTheShellReadsIt() throws Exception {
        String name = "it's $(touch pwned) `id` \"quoted\" \\ $HOME";
        LinuxInstallers.Enrolment e =
                new LinuxInstallers.Enrolment("https://edr.example:8443", 12, name, "abc123", "PEM");
        Path conf = dir.resolve("sensor.conf");
        Files.writeString(conf, LinuxInstallers.sensorConf(e));
        String out = run(List.of(
                "sh",
                "-c",
                ". \"$1\"; printf '%s|%s|%s' \"$LAMPBLACK_SERVER\" \"$LAMPBLACK_GROUP_ID\" \"$LAMPBLACK_GROUP_NAME\"",
                "sh",
                conf.toString()));
        assertEquals("https://edr.example:8443|12|" + name, out);
        assertFalse(Files.exists(dir.resolve("pwned")));
    }

    /** A NUL would end dash's reading of the quoted name early, leaving the rest to run as commands. */
    @Test
    void controlCharactersInAGroupNameBecomeQuestionMarks() throws Exception {
        String name = "a\u0000'$(touch pwned)'\nb\rc\u0007";
        LinuxInstallers.Enrolment e =
                new LinuxInstallers.Enrolment("https://edr.example:8443", 12, name, "abc123", "PEM");
        Path conf = dir.resolve("control.conf");
        Files.writeString(conf, LinuxInstallers.sensorConf(e));
        for (String shell : List.of("sh", "dash", "bash")) {
            if (run(List.of("sh", "-c", "command -v " + shell + " || true")).isBlank()) continue;
            String out = run(
                    List.of(shell, "-c", ". \"$1\"; printf '%s' \"$LAMPBLACK_GROUP_NAME\"", shell, conf.toString()));
            assertEquals("a?'$(touch pwned)'?b?c?", out, shell);
        }
        assertFalse(Files.exists(dir.resolve("pwned")));
    }

    @Test
    void anEnrolmentOverPlainHttpOrWithAStrangeTokenIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new LinuxInstallers.Enrolment("http://edr.example", 1, "g", "abc", "PEM"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LinuxInstallers.Enrolment("https://edr.example", 1, "g", "abc'; rm -rf /", "PEM"));
    }

    private String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + err);
        return out;
    }
}
