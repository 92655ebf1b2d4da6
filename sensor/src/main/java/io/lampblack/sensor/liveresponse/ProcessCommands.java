package io.lampblack.sensor.liveresponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code create process} and {@code kill}. */
final class ProcessCommands {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProcessCommands() {}

    /**
     * Starts the command line ({@link CommandLine}) in {@code working_directory} (default: the session's), with
     * stdin from /dev/null and stdout and stderr together into {@code output_file} when given (else discarded).
     * With {@code wait}, answers {@code pid} and {@code return_code} once it exited; a cancelled command kills the
     * process and its descendants. Without, answers {@code pid} at once and leaves the process running.
     */
    static ObjectNode createProcess(Path cwd, String object, JsonNode args, Cancellation cancellation)
            throws CommandFailure, InterruptedException {
        List<String> argv = CommandLine.split(object);
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
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        String outputFile = text(args, "output_file");
        if (outputFile != null) {
            Path out = cwd.resolve(outputFile);
            pb.redirectErrorStream(true).redirectOutput(out.toFile());
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw startFailure(argv.getFirst(), outputFile, e);
        }
        ObjectNode result = NODES.objectNode();
        result.put("pid", process.pid());
        if (!wait) return result;
        cancellation.onCancel(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
        int exit = process.waitFor();
        if (cancellation.cancelled()) throw new InterruptedException("cancelled"); // it ended because it was killed
        result.put("return_code", exit);
        return result;
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

    /**
     * Sends SIGKILL to the process whose pid is {@code object} and waits for it to be gone. The sensor does not kill
     * itself.
     */
    static ObjectNode kill(String object) throws CommandFailure, InterruptedException {
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
        try {
            // SIGKILL cannot be caught; the wait only covers the kernel tearing the process down
            handle.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // still being torn down (e.g. in uninterruptible I/O): the signal was delivered
        }
        return NODES.objectNode();
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
