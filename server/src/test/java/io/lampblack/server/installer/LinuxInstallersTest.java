package io.lampblack.server.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.problem.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that cannot make installers says why, before anything is sent. */
class LinuxInstallersTest {

    @TempDir
    Path dir;

    private final LinuxInstallers.Enrolment enrolment =
            new LinuxInstallers.Enrolment("https://localhost:8443", 1, "Default Group", "abc", "PEM");

    @Test
    void withoutTheSensorsJarsTheAnswerNamesTheSetting() throws Exception {
        Path dist = Files.createDirectories(dir.resolve("dist/lib"));
        Files.writeString(dist.resolve("jackson-core-2.jar"), "not the sensor");
        LinuxInstallers installers = new LinuxInstallers(
                dir.resolve("dist"), Path.of(System.getProperty("java.home")), dir.resolve("cache"), Clock.systemUTC());
        InstallerProblem p = assertThrows(InstallerProblem.class, () -> installers.prepare(enrolment));
        assertEquals(Problem.Kind.NOT_FOUND, p.kind());
        assertEquals("installer_not_available", p.reason());
        assertTrue(p.getMessage().contains("--sensor-dist"), p.getMessage());
    }

    @Test
    void onAJavaRuntimeWithoutJlinkTheAnswerSaysSo() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("dist/lib"));
        Files.writeString(lib.resolve("lampblack-sensor-1.jar"), "a jar");
        Path jre = Files.createDirectories(dir.resolve("jre/bin"));
        LinuxInstallers installers =
                new LinuxInstallers(dir.resolve("dist"), jre.getParent(), dir.resolve("cache"), Clock.systemUTC());
        InstallerProblem p = assertThrows(InstallerProblem.class, () -> installers.prepare(enrolment));
        assertEquals(Problem.Kind.NOT_FOUND, p.kind());
        assertTrue(p.getMessage().contains("without jlink"), p.getMessage());
    }
}
