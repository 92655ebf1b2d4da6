package io.lampblack.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Playwright run whose waiting thread is interrupted (the build stopped) ends with everything it started. */
class PlaywrightRunTest {

    @TempDir
    Path dir;

    @Test
    void anInterruptedRunEndsTheProcessAndWhatItStarted() throws Exception {
        // Stands in for npx: starts a child that would outlive it by minutes (as a browser would), says its pid.
        Path npx = dir.resolve("npx");
        Files.writeString(npx, "#!/bin/sh\nsleep 300 &\necho \"child $!\"\nwait\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(npx, PosixFilePermissions.fromString("rwx------"));
        Path log = dir.resolve("out/e2e.log");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiting = Thread.ofPlatform().start(() -> {
            try {
                PlaywrightRun.run(npx, dir, List.of(), Map.of(), log, Duration.ofMinutes(10));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });

        long child = childPid(log);
        ProcessHandle handle = ProcessHandle.of(child).orElseThrow();
        waiting.interrupt();
        waiting.join(60_000);
        assertFalse(waiting.isAlive());
        assertInstanceOf(InterruptedException.class, thrown.get(), "the interrupt reaches the test");
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
            throw new AssertionError("the child the run started outlived it", e);
        }
    }

    /** The pid the script printed, once its output reached the log. */
    private static long childPid(Path log) throws Exception {
        Pattern line = Pattern.compile("child (\\d+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Matcher> m = Files.exists(log)
                    ? Optional.of(line.matcher(Files.readString(log))).filter(Matcher::find)
                    : Optional.empty();
            if (m.isPresent()) return Long.parseLong(m.get().group(1));
            Thread.sleep(20);
        }
        throw new AssertionError("the script never said its child's pid");
    }
}
