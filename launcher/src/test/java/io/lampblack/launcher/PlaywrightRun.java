package io.lampblack.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code npx playwright test} in the console's directory, its output copied line by line to this JVM's output (the
 * test's log) and to a file, ended (with the browsers it started) when it runs past its time or the thread waiting for
 * it is interrupted.
 */
final class PlaywrightRun {

    /** How many of the last lines an outcome keeps, for the failure message. */
    private static final int TAIL_LINES = 80;

    /**
     * @param exitCode the exit status; -1 when it was ended for running too long
     * @param tail     its last lines
     */
    record Outcome(int exitCode, String tail, Duration took) {}

    private PlaywrightRun() {}

    static Outcome run(
            Path npx, Path consoleDir, List<String> args, Map<String, String> env, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(
                        Stream.concat(Stream.of(npx.toString(), "playwright", "test"), args.stream())
                                .toList())
                .directory(consoleDir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        Deque<String> tail = new ArrayDeque<>();
        Thread copier = Thread.ofPlatform().daemon().name("playwright-output").start(() -> copy(p, log, tail));
        boolean finished = false;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            // Run past its time, or this thread interrupted (the build stopped): nothing of it may outlive the test.
            if (!finished) end(p);
        }
        copier.join(10_000);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        synchronized (tail) {
            return new Outcome(finished ? p.exitValue() : -1, String.join("\n", tail), took);
        }
    }

    /** Ends the process with its browsers and workers, these first: none may outlive it holding a port or a display. */
    private static void end(Process p) {
        // Listed before the process ends: its orphans would no longer be its descendants.
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Process p, Path log, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                System.out.println("[playwright] " + line);
                file.println(line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) tail.removeFirst();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
