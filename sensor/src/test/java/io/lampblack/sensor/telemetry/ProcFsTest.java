package io.lampblack.sensor.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lampblack.protocol.FileTimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a /proc laid out by the test: the fields the telemetry takes, and what it makes of odd ones. */
class ProcFsTest {

    @TempDir
    Path root;

    @Test
    void aProcessReadsWithItsParentStartProgramAndCommandLine() throws Exception {
        Files.writeString(root.resolve("stat"), "cpu  1 2 3\nbtime 1767607200\nprocesses 99\n");
        Path p = Files.createDirectories(root.resolve("4242"));
        // A command name with a space and a parenthesis: the fields are counted from the last ')'.
        Files.writeString(
                p.resolve("stat"),
                "4242 (odd) name) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 12345 1000 200 0 0 0\n");
        Files.write(p.resolve("cmdline"), "/usr/bin/odd\0--flag\0two words\0".getBytes());
        Files.createSymbolicLink(p.resolve("exe"), Path.of("/usr/bin/odd"));
        Files.createDirectories(root.resolve("17"));
        Files.createDirectories(root.resolve("self"));

        ProcFs proc = new ProcFs(root);
        ProcFs.Facts f = proc.read(4242).orElseThrow();
        assertEquals(17, f.ppid());
        assertEquals(12345, f.startTicks());
        assertEquals("/usr/bin/odd", f.exe());
        assertEquals("/usr/bin/odd --flag two words", f.cmdline());
        // Boot time (whole seconds) plus the start in ticks of 10 ms.
        assertEquals(FileTimes.fromEpochMillis(1_767_607_200_000L + 123_450), proc.fileTimeOfTicks(f.startTicks()));
        assertEquals(proc.fileTimeOfTicks(12345), proc.fileTimeOfBootNanos(123_459_999_999L));
        assertEquals(List.of(17, 4242), proc.pids().stream().sorted().toList());
    }

    @Test
    void aProcessWhoseProgramCannotBeReadIsNamedByItsCommandLine() throws Exception {
        Files.writeString(root.resolve("stat"), "btime 1767607200\n");
        Path p = Files.createDirectories(root.resolve("7"));
        Files.writeString(p.resolve("stat"), "7 (x) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0\n");
        Files.write(p.resolve("cmdline"), "/opt/tool\0run\0".getBytes());
        assertEquals("/opt/tool", new ProcFs(root).read(7).orElseThrow().exe());
        Files.write(p.resolve("cmdline"), "tool\0run\0".getBytes());
        assertEquals("", new ProcFs(root).read(7).orElseThrow().exe());
    }

    @Test
    void aProcessGoneBeforeItsStatIsReadKeepsItsProgramOnly() throws Exception {
        Files.writeString(root.resolve("stat"), "btime 1767607200\n");
        Path p = Files.createDirectories(root.resolve("9"));
        Files.createSymbolicLink(p.resolve("exe"), Path.of("/usr/bin/true"));
        assertEquals(Optional.of(new ProcFs.Facts(9, 0, -1, "/usr/bin/true", "", -1)), new ProcFs(root).read(9));
        assertEquals(Optional.empty(), new ProcFs(root).read(10));
    }
}
