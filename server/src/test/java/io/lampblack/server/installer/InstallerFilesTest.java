package io.lampblack.server.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sensor.conf}, which the installer's scripts source with {@code sh}, checked with the shells themselves (the
 * archive around it is {@code tar.TarWriter}'s, checked in its own test).
 */
class InstallerFilesTest {

    @TempDir
    Path dir;

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
