package io.lampblack.sensor.liveresponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/** {@code create process} and {@code kill}. */
final class ProcessCommands {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProcessCommands() {}

    /**
     * Starts the command line ({@link CommandLine}) in {@code working_directory} (default: the session's), with
     * stdin from /dev/null and stdout and stderr together into {@code output_file} when given (else discarded).
     * The process leads a session and process group of its own (through {@code setsid}, which execs it in place, so
     * the pid answered is the program's): it is not hit by signals meant for the sensor's group, and a cancel can
     * end everything it started, even what left its process tree. With {@code wait}, answers {@code pid} and
     * {@code return_code} once it exited; a cancelled command kills its process group and descendants. Without,
     * answers {@code pid} at once and leaves the process running.
     */
    static ObjectNode createProcess(Path cwd, String object, JsonNode args, Cancellation cancellation)
            throws CommandFailure, InterruptedException {
        List<String> argv = new ArrayList<>(CommandLine.split(object));
        boolean wait = flag(args, "wait");
        Path dir = cwd;
        String wd = text(args, "working_directory");
        if (wd != null) {
            dir = cwd.resolve(wd);
            if (!Files.isDirectory(dir)) {
                throw new CommandFailure(
                        LiveResponseProtocol.E_PATH_NOT_FOUND, "working directory " + dir + " is not a directory");
            }
        }
        String program = argv.getFirst();
        Optional<Path> setsid = SETSID.stream().filter(Files::isExecutable).findFirst();
        if (setsid.isPresent()) {
            // setsid would only report a missing program by its exit code: look it up first, as exec would
            argv.set(0, executable(program, dir).toString());
            argv.addFirst(setsid.get().toString());
        }
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        // The sensor's enrolment token (agent.SensorOptions) is not for what an operator runs on the host.
        pb.environment().remove("LAMPBLACK_SENSOR_REGISTRATION_TOKEN");
        pb.environment().remove("LAMPBLACK_SENSOR_REGISTRATION_TOKEN_FILE");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        String outputFile = text(args, "output_file");
        OutputFile out = outputFile == null ? null : createOutputFile(cwd.resolve(outputFile));
        if (out != null) {
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.forRedirect()));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process process;
        try (out) {
            process = pb.start(); // the child holds the file from here on; the sensor's descriptor is closed
        } catch (IOException e) {
            throw startFailure(program, outputFile, e);
        }
        ObjectNode result = NODES.objectNode();
        result.put("pid", process.pid());
        if (!wait) return result;
        boolean ownGroup = setsid.isPresent();
        cancellation.onCancel(() -> killGroup(process, ownGroup));
        int exit = process.waitFor();
        if (cancellation.cancelled()) throw new InterruptedException("cancelled"); // it ended because it was killed
        result.put("return_code", exit);
        return result;
    }

    /** Where {@code setsid} (util-linux or busybox) is found; without it processes run in the sensor's group. */
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    /**
     * The program as exec would find it: a name with a "/" relative to the working directory, else the first
     * executable of that name on the PATH. Missing is "file not found", not executable "access denied".
     */
    static Path executable(String program, Path dir) throws CommandFailure {
        if (program.isEmpty()) throw CommandFailure.invalid("create process needs a program");
        List<Path> candidates = new ArrayList<>();
        if (program.contains("/")) {
            candidates.add(dir.resolve(program));
        } else {
            String path = System.getenv("PATH");
            for (String d : (path == null || path.isEmpty() ? "/usr/local/bin:/usr/bin:/bin" : path).split(":")) {
                candidates.add(dir.resolve(d.isEmpty() ? "." : d).resolve(program));
            }
        }
        Path denied = null;
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                if (Files.isExecutable(c)) return c.toAbsolutePath();
                if (denied == null) denied = c;
            } else if (Files.isDirectory(c) && denied == null) {
                denied = c;
            }
        }
        if (denied != null) {
            throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, program + ": permission denied");
        }
        throw new CommandFailure(LiveResponseProtocol.E_FILE_NOT_FOUND, program + ": no such program");
    }

    /**
     * SIGKILL to the process, every process still in its process group (also those that left its tree, such as a
     * daemonised child) and its remaining descendants.
     */
    static void killGroup(Process process, boolean ownGroup) {
        long group = process.pid();
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> doomed = new ArrayList<>(process.descendants().toList());
        // without setsid the process is in the sensor's own group, which must not be touched
        if (ownGroup) scanGroup(group, self, doomed);
        process.destroyForcibly();
        doomed.forEach(ProcessHandle::destroyForcibly);
    }

    private static void scanGroup(long group, long self, List<ProcessHandle> doomed) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(
                PROC, p -> ProcessTable.isNumber(p.getFileName().toString()))) {
            for (Path d : dirs) {
                long pid = Long.parseLong(d.getFileName().toString());
                if (pid != self && processGroup(d) == group)
                    ProcessHandle.of(pid).ifPresent(doomed::add);
            }
        } catch (IOException e) {
            // /proc unreadable: the tree alone is killed
        }
    }

    private static final Path PROC = Path.of("/proc");

    /** The process group of /proc/<pid>, or -1 when it is gone. */
    private static long processGroup(Path procDir) {
        try {
            String stat = new String(Files.readAllBytes(procDir.resolve("stat")), StandardCharsets.UTF_8);
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(rest[2]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /**
     * Creates the output file, new and the sensor user's alone ({@link OutputFile}); an existing name is refused
     * rather than emptied, since a file another user made keeps her as its owner.
     */
    private static OutputFile createOutputFile(Path out) throws CommandFailure {
        try {
            return OutputFile.create(out);
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailure(
                    LiveResponseProtocol.E_ALREADY_EXISTS,
                    out + ": already exists (the output file is always a new one: delete it or name another)");
        } catch (IOException e) {
            throw CommandFailure.of(e, out);
        }
    }

    private static CommandFailure startFailure(String program, String outputFile, IOException e) {
        String m = String.valueOf(e.getMessage());
        // "error=2, ..." or "Exec failed, error: 2 (...)", depending on how the JDK launches processes
        java.util.regex.Matcher errno =
                java.util.regex.Pattern.compile("error[=:] ?(\\d+)").matcher(m);
        int code = errno.find() ? Integer.parseInt(errno.group(1)) : -1;
        if (code == 2) {
            return new CommandFailure(LiveResponseProtocol.E_FILE_NOT_FOUND, program + ": no such program");
        }
        if (code == 13) {
            return new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, program + ": permission denied");
        }
        if (outputFile != null && !m.startsWith("Cannot run program")) {
            // the redirect to the output file is opened before the program runs
            return new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, "cannot write " + outputFile + ": " + m);
        }
        return new CommandFailure(LiveResponseProtocol.E_FAIL, program + ": " + m);
    }

    /** How long a killed process may take to be gone: cbapi waits 10 s for a kill's answer. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    /**
     * Sends SIGKILL to the process whose pid is {@code object} and waits for it to be gone. The sensor does not kill
     * itself. A process still running when the wait is over (init, which the kernel shields from SIGKILL; one stuck
     * in uninterruptible sleep, state D) is E_FAIL: the analyst must not be told it is gone.
     */
    static ObjectNode kill(String object) throws CommandFailure, InterruptedException {
        return kill(object, KILL_WAIT, ProcessCommands::alive);
    }

    /** {@link #kill(String)}, with the wait and the look at the process given (tests cannot make one unkillable). */
    static ObjectNode kill(String object, Duration wait, LongPredicate alive)
            throws CommandFailure, InterruptedException {
        long pid = pid(object);
        if (pid == ProcessHandle.current().pid()) {
            throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, "pid " + pid + " is the sensor itself");
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) throw CommandFailure.invalid("no process with pid " + pid);
        if (!handle.get().destroyForcibly()) {
            if (!handle.get().isAlive()) return NODES.objectNode();
            throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, "not permitted to kill pid " + pid);
        }
        // SIGKILL cannot be caught; the wait only covers the kernel tearing the process down. A killed process whose
        // parent has not reaped it yet stays in /proc as a zombie: it is dead, and waiting for its parent (which
        // ProcessHandle.onExit would) made the command outlast cbapi's 10 s wait for a kill.
        long deadline = System.nanoTime() + wait.toNanos();
        while (alive.test(pid) && System.nanoTime() < deadline) Thread.sleep(10);
        if (alive.test(pid)) {
            throw new CommandFailure(
                    LiveResponseProtocol.E_FAIL,
                    "pid " + pid + " still running after SIGKILL (" + wait.toSeconds()
                            + " s): init, or stuck in the kernel (state D)");
        }
        return NODES.objectNode();
    }

    /** Whether {@code pid} still runs: it is in /proc and neither a zombie nor dead. */
    static boolean alive(long pid) {
        try {
            String stat = new String(
                    java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(pid), "stat")),
                    java.nio.charset.StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X' && state != 'x';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static long pid(String object) throws CommandFailure {
        if (object == null || !ProcessTable.isNumber(object.trim())) {
            throw CommandFailure.invalid("not a process id: " + object);
        }
        return Long.parseLong(object.trim());
    }

    static boolean flag(JsonNode args, String name) {
        if (args == null || !args.hasNonNull(name)) return false;
        JsonNode v = args.get(name);
        return v.isBoolean() ? v.booleanValue() : v.asText().equalsIgnoreCase("true") || v.asInt(0) != 0;
    }

    static String text(JsonNode args, String name) {
        if (args == null || !args.hasNonNull(name)) return null;
        String v = args.get(name).asText();
        return v.isEmpty() ? null : v;
    }
}
