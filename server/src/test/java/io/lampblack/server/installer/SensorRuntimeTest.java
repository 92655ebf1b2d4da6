package io.lampblack.server.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime cache, with the real jdeps and jlink of the JDK the tests run on. */
class SensorRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void aRuntimeIsMadeOncePerBuildAndABrokenOneIsMadeAgain() throws Exception {
        Path jar = dir.resolve("lampblack-sensor-1.jar");
        writeJar(jar, 1);
        SensorRuntime runtimes = new SensorRuntime(Path.of(System.getProperty("java.home")), dir.resolve("cache"));

        Path image = runtimes.imageFor(List.of(jar));
        assertTrue(Files.isExecutable(image.resolve("bin/java")));
        Files.writeString(image.resolve("seen"), "");
        assertEquals(image, runtimes.imageFor(List.of(jar)));
        assertTrue(Files.exists(image.resolve("seen")), "the same build reuses its runtime");

        // A runtime left without bin/java is replaced, not a reason to fail at every request.
        Files.delete(image.resolve("bin/java"));
        assertEquals(image, runtimes.imageFor(List.of(jar)));
        assertTrue(Files.isExecutable(image.resolve("bin/java")));
        assertFalse(Files.exists(image.resolve("seen")), "made again");

        // Another build (the jar changed) gets a runtime of its own; the old one goes.
        writeJar(jar, 2);
        Path rebuilt = runtimes.imageFor(List.of(jar));
        assertNotEquals(image, rebuilt);
        assertTrue(Files.isExecutable(rebuilt.resolve("bin/java")));
        assertFalse(Files.exists(image));
    }

    @Test
    void aFailureIsAnsweredAgainWithoutRunningTheToolsAgain() throws Exception {
        Path jar = dir.resolve("lampblack-sensor-1.jar");
        Files.writeString(jar, "not a jar");
        SensorRuntime runtimes = new SensorRuntime(Path.of(System.getProperty("java.home")), dir.resolve("cache"));
        InstallerProblem first = assertThrows(InstallerProblem.class, () -> runtimes.imageFor(List.of(jar)));
        assertSame(first, assertThrows(InstallerProblem.class, () -> runtimes.imageFor(List.of(jar))));

        Files.writeString(jar, "another build, not a jar either");
        InstallerProblem next = assertThrows(InstallerProblem.class, () -> runtimes.imageFor(List.of(jar)));
        assertNotSame(first, next, "a new build is tried at once");
    }

    /** A jar holding a class of the server's (its missing dependencies are ignored), with {@code extra} bytes. */
    private static void writeJar(Path jar, int extra) throws Exception {
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out);
                InputStream cls = SensorRuntimeTest.class.getResourceAsStream("CertificateNames.class")) {
            j.putNextEntry(new JarEntry("io/lampblack/server/installer/CertificateNames.class"));
            cls.transferTo(j);
            j.closeEntry();
            j.putNextEntry(new JarEntry("pad.txt"));
            j.write(new byte[extra]);
            j.closeEntry();
        }
    }
}
