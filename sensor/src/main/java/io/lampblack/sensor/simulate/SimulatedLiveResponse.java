package io.lampblack.sensor.simulate;

import static io.lampblack.protocol.sensor.LiveResponseProtocol.E_ABORT;
import static io.lampblack.protocol.sensor.LiveResponseProtocol.E_ACCESS_DENIED;
import static io.lampblack.protocol.sensor.LiveResponseProtocol.E_FAIL;
import static io.lampblack.protocol.sensor.LiveResponseProtocol.E_FILE_NOT_FOUND;
import static io.lampblack.protocol.sensor.LiveResponseProtocol.E_INVALIDARG;
import static io.lampblack.protocol.sensor.LiveResponseProtocol.E_NOTIMPL;
import static io.lampblack.protocol.sensor.LiveResponseProtocol.E_PATH_NOT_FOUND;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.protocol.sensor.LiveResponseProtocol.SessionInfo;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import io.lampblack.sensor.simulate.SyntheticHost.RunningProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live-response side of one simulated sensor: answers the work of docs/sensor-protocol.md §7 with what a real
 * sensor on its platform would answer — directory lists of a plausible disk, the host's running processes (with the
 * process GUIDs of its events), the registry on Windows ("not supported on this platform" on Linux), file contents
 * generated as they are streamed, files put kept, processes started and killed in the host's event stream.
 */
public final class SimulatedLiveResponse {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String USER_SID = "S-1-5-21-1004336348-1177238915-682003330-1001";
    private static final Map<String, String> WINDOWS_SIDS = Map.of(
            "NT AUTHORITY\\SYSTEM", "S-1-5-18",
            "NT AUTHORITY\\LOCAL SERVICE", "S-1-5-19",
            "NT AUTHORITY\\NETWORK SERVICE", "S-1-5-20");
    private static final Map<String, String> LINUX_UIDS = Map.of(
            "root", "0",
            "messagebus", "102",
            "syslog", "104",
            "systemd-resolve", "991",
            "www-data", "33",
            "postgres", "114",
            "alice", "1000",
            "app", "1001");

    private final int sensorId;
    private final SimulatedPlatform platform;
    private final String hostName;
    private final SimulatedProcesses processes;
    private final long seed;
    private final Path scratch;
    private final long memdumpBytes;
    private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
    private final Set<Long> sessions = ConcurrentHashMap.newKeySet();
    private SimulatedFileSystem disk;
    private SimulatedRegistry registry;

    /**
     * @param scratch      where files put by analysts are kept (a folder of this machine)
     * @param memdumpBytes the size of a memory dump
     */
    public SimulatedLiveResponse(
            int sensorId,
            SimulatedPlatform platform,
            String hostName,
            SimulatedProcesses processes,
            long seed,
            Path scratch,
            long memdumpBytes) {
        this.sensorId = sensorId;
        this.platform = platform;
        this.hostName = hostName;
        this.processes = processes;
        this.seed = seed;
        this.scratch = scratch;
        this.memdumpBytes = memdumpBytes;
    }

    /** What a session on this host offers. */
    public SessionInfo sessionInfo() {
        return new SessionInfo(
                platform.hasRegistry() ? LiveResponseProtocol.ALL_COMMANDS : LiveResponseProtocol.NON_REGISTRY_COMMANDS,
                platform.drives(),
                platform.workingDirectory());
    }

    /**
     * Carries out one piece of work and answers its result, or null when the work has none ({@code cancel},
     * {@code close}). A cancel for a command still streaming makes that command's answer an {@code E_ABORT} error.
     */
    public Result answer(Work w, FileTransfers transfers) throws InterruptedException {
        switch (w.type()) {
            case LiveResponseProtocol.OPEN -> {
                sessions.add(w.sessionId());
                state();
                return Result.opened(w.sessionId(), sessionInfo());
            }
            case LiveResponseProtocol.CLOSE -> {
                sessions.remove(w.sessionId());
                return null;
            }
            case LiveResponseProtocol.CANCEL -> {
                if (w.commandId() != null) cancelled.add(w.commandId());
                return null;
            }
            case LiveResponseProtocol.COMMAND -> {
                long cid = w.commandId() == null ? 0 : w.commandId();
                try {
                    if (cancelled.remove(cid)) throw new CommandFailure(E_ABORT, "the command was cancelled");
                    ObjectNode result = run(w, cid, transfers);
                    return Result.complete(w.sessionId(), cid, result);
                } catch (CommandFailure f) {
                    return Result.error(w.sessionId(), cid, f.hresult(), f.getMessage());
                } catch (IOException e) {
                    if (cancelled.remove(cid))
                        return Result.error(w.sessionId(), cid, E_ABORT, "the command was cancelled");
                    return Result.error(w.sessionId(), cid, E_FAIL, "transfer failed: " + e.getMessage());
                } catch (RuntimeException e) {
                    // A bug or a refusal of the simulated host (a file that cannot be kept, a kill of its last
                    // processes): the command still gets its answer, as a failure, rather than none until it times out.
                    return Result.error(w.sessionId(), cid, E_FAIL, String.valueOf(e.getMessage()));
                } finally {
                    cancelled.remove(cid);
                }
            }
            default -> {
                return null;
            }
        }
    }

    /** Whether a session is open on this host. */
    public boolean holds(long sessionId) {
        return sessions.contains(sessionId);
    }

    private synchronized void state() {
        if (disk != null) return;
        disk = new SimulatedFileSystem(
                platform,
                hostName,
                seed,
                processes.processes().stream().map(RunningProcess::path).toList());
        registry = platform.hasRegistry() ? new SimulatedRegistry(hostName) : null;
    }

    private ObjectNode run(Work w, long cid, FileTransfers transfers)
            throws CommandFailure, IOException, InterruptedException {
        state();
        String name = w.name() == null ? "" : w.name();
        String object = w.object() == null ? "" : w.object();
        ObjectNode args = w.args() == null ? F.objectNode() : w.args();
        if (name.startsWith("reg ") && registry == null)
            throw new CommandFailure(
                    E_NOTIMPL, "'" + name + "' is not supported on this platform (" + platform.osType() + ")");
        ObjectNode out = F.objectNode();
        switch (name) {
            case LiveResponseProtocol.DIRECTORY_LIST -> out.set("files", files(object));
            case LiveResponseProtocol.PROCESS_LIST -> out.set("processes", processList());
            case LiveResponseProtocol.CREATE_DIRECTORY -> disk.createDirectory(required(object));
            case LiveResponseProtocol.DELETE_FILE -> disk.delete(required(object));
            case LiveResponseProtocol.GET_FILE -> getFile(w, cid, object, args, transfers);
            case LiveResponseProtocol.PUT_FILE -> putFile(w, object, transfers);
            case LiveResponseProtocol.MEMDUMP -> memdump(w, cid, object, args, transfers);
            case LiveResponseProtocol.KILL -> kill(object);
            case LiveResponseProtocol.CREATE_PROCESS -> createProcess(object, args, out);
            case LiveResponseProtocol.REG_ENUM_KEY -> out = registry.enumerate(required(object));
            case LiveResponseProtocol.REG_QUERY_VALUE -> out = registry.query(required(object));
            case LiveResponseProtocol.REG_SET_VALUE ->
                registry.set(
                        required(object),
                        args.path("value_type").asText(null),
                        args.get("value_data"),
                        args.path("overwrite").asBoolean(false));
            case LiveResponseProtocol.REG_CREATE_KEY -> registry.createKey(required(object));
            case LiveResponseProtocol.REG_DELETE_KEY -> registry.deleteKey(required(object));
            case LiveResponseProtocol.REG_DELETE_VALUE -> registry.deleteValue(required(object));
            default -> throw new CommandFailure(E_NOTIMPL, "unknown command '" + name + "'");
        }
        return out;
    }

    private static String required(String object) throws CommandFailure {
        if (object.isBlank()) throw new CommandFailure(E_INVALIDARG, "the command needs an object");
        return object;
    }

    private ArrayNode files(String object) throws CommandFailure {
        ArrayNode files = F.arrayNode();
        for (SimulatedFileSystem.Entry e : disk.list(object.isBlank() ? platform.workingDirectory() : object)) {
            ObjectNode f = files.addObject();
            f.put("filename", e.name());
            ArrayNode attributes = f.putArray("attributes");
            if (e.name().startsWith(".") && !e.directory() || e.name().equalsIgnoreCase("pagefile.sys"))
                attributes.add("HIDDEN");
            if (e.name().equalsIgnoreCase("pagefile.sys")) attributes.add("SYSTEM");
            attributes.add(e.directory() ? "DIRECTORY" : "ARCHIVE");
            f.put("size", e.size());
            f.put("create_time", e.createTime());
            f.put("last_access_time", e.writeTime());
            f.put("last_write_time", e.writeTime());
            f.put("alt_name", "");
        }
        return files;
    }

    private ArrayNode processList() {
        ArrayNode out = F.arrayNode();
        for (RunningProcess p : processes.processes()) {
            ObjectNode o = out.addObject();
            o.put("pid", p.pid());
            o.put("create_time", FileTimes.toEpochMillis(p.createTime()) / 1000);
            o.put("proc_guid", new ProcessGuid(sensorId, p.pid(), p.createTime()).toString());
            o.put("path", p.path());
            o.put("command_line", p.commandLine());
            o.put("sid", sid(p.username()));
            o.put("username", p.username());
            o.put("parent", p.parentPid());
            o.put("parent_guid", new ProcessGuid(sensorId, p.parentPid(), p.parentCreateTime()).toString());
        }
        return out;
    }

    private String sid(String user) {
        if (platform == SimulatedPlatform.LINUX) return LINUX_UIDS.getOrDefault(user, "65534");
        return WINDOWS_SIDS.getOrDefault(user.toUpperCase(Locale.ROOT), USER_SID);
    }

    private void getFile(Work w, long cid, String object, ObjectNode args, FileTransfers transfers)
            throws CommandFailure, IOException, InterruptedException {
        SimulatedFileSystem.Entry e = disk.get(required(object))
                .orElseThrow(() -> new CommandFailure(E_FILE_NOT_FOUND, "file not found: " + object));
        if (e.directory()) throw new CommandFailure(E_ACCESS_DENIED, "is a directory: " + object);
        long offset = args.path("offset").asLong(0);
        long count = args.has("get_count") && args.get("get_count").asLong(0) > 0
                ? args.get("get_count").asLong()
                : -1;
        if (offset < 0 || offset > e.size()) throw new CommandFailure(E_INVALIDARG, "offset beyond the file's end");
        upload(w, cid, e, offset, count, transfers);
    }

    private void upload(Work w, long cid, SimulatedFileSystem.Entry e, long offset, long count, FileTransfers transfers)
            throws CommandFailure, IOException, InterruptedException {
        if (w.fileId() == null) throw new CommandFailure(E_INVALIDARG, "the server named no file id for the content");
        transfers.upload(w.sessionId(), w.fileId(), () -> {
            try {
                return disk.open(e, offset, count, () -> cancelled.contains(cid));
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        });
    }

    private void putFile(Work w, String object, FileTransfers transfers)
            throws CommandFailure, IOException, InterruptedException {
        required(object);
        if (w.fileId() == null) throw new CommandFailure(E_INVALIDARG, "put file needs a file_id");
        if (disk.isDirectory(object)) throw new CommandFailure(E_ACCESS_DENIED, "is a directory: " + object);
        Files.createDirectories(scratch);
        Path target = Files.createTempFile(scratch, "put-", ".bin");
        try {
            long size = transfers.download(w.sessionId(), w.fileId(), target);
            if (w.fileSize() != null && w.fileSize() != size)
                throw new CommandFailure(E_FAIL, "received " + size + " bytes of " + w.fileSize());
            disk.put(object, target);
            target = null;
        } finally {
            if (target != null) Files.deleteIfExists(target);
        }
    }

    private void memdump(Work w, long cid, String object, ObjectNode args, FileTransfers transfers)
            throws CommandFailure, IOException, InterruptedException {
        String path = required(object) + (args.path("compress").asBoolean(false) ? ".zip" : "");
        SimulatedFileSystem.Entry e = disk.generate(path, memdumpBytes, null);
        // The content goes to the server at once when it named a file id; else the analyst fetches the dump with
        // get file, as cbapi does.
        if (w.fileId() != null) upload(w, cid, e, 0, -1, transfers);
    }

    private void kill(String object) throws CommandFailure {
        int pid;
        try {
            pid = Integer.parseInt(object.trim());
        } catch (NumberFormatException e) {
            throw new CommandFailure(E_INVALIDARG, "not a process id: " + object);
        }
        if (pid <= 4 && (platform == SimulatedPlatform.WINDOWS || pid == 1))
            throw new CommandFailure(E_ACCESS_DENIED, "access denied: process " + pid);
        if (!processes.kill(pid)) throw new CommandFailure(E_INVALIDARG, "no process with id " + pid);
    }

    private void createProcess(String commandLine, ObjectNode args, ObjectNode out)
            throws CommandFailure, InterruptedException {
        String cmd = required(commandLine).trim();
        String exe = cmd.startsWith("\"") ? cmd.substring(1, Math.max(1, cmd.indexOf('"', 1))) : cmd.split("\\s+")[0];
        String path = executable(exe);
        String cwd = args.path("working_directory").asText("");
        if (!cwd.isBlank() && !disk.isDirectory(cwd))
            throw new CommandFailure(E_PATH_NOT_FOUND, "working directory not found: " + cwd);
        boolean wait = args.path("wait").asBoolean(false);
        String user = platform == SimulatedPlatform.WINDOWS ? "NT AUTHORITY\\SYSTEM" : "root";
        RunningProcess p = processes.start(path, cmd, user, wait);
        String outputFile = args.path("output_file").asText("");
        if (!outputFile.isBlank())
            disk.generate(outputFile, 0, output(cmd, cwd.isBlank() ? platform.workingDirectory() : cwd));
        out.put("pid", p.pid());
        if (wait) out.put("return_code", 0);
    }

    /** The executable a command line starts: must exist when given with its folder, else found on the path. */
    private String executable(String exe) throws CommandFailure {
        boolean absolute =
                platform == SimulatedPlatform.WINDOWS ? exe.contains("\\") || exe.contains(":") : exe.startsWith("/");
        if (absolute) {
            SimulatedFileSystem.Entry e =
                    disk.get(exe).orElseThrow(() -> new CommandFailure(E_FILE_NOT_FOUND, "file not found: " + exe));
            return e.path();
        }
        if (platform == SimulatedPlatform.WINDOWS)
            return "C:\\Windows\\System32\\" + (exe.toLowerCase(Locale.ROOT).endsWith(".exe") ? exe : exe + ".exe");
        return "/usr/bin/" + exe;
    }

    /** What a few common commands print, so that an output file reads like one. */
    private byte[] output(String cmd, String cwd) {
        String c = cmd.toLowerCase(Locale.ROOT);
        String nl = platform == SimulatedPlatform.WINDOWS ? "\r\n" : "\n";
        StringBuilder s = new StringBuilder();
        if (c.contains("whoami")) {
            s.append(platform == SimulatedPlatform.WINDOWS ? "nt authority\\system" : "root")
                    .append(nl);
        } else if (c.contains("hostname")) {
            s.append(hostName).append(nl);
        } else if (c.contains(" dir") || c.startsWith("ls") || c.contains("/ls")) {
            try {
                for (SimulatedFileSystem.Entry e : disk.list(cwd))
                    s.append(e.directory() ? "<DIR>          " : String.format("%14d ", e.size()))
                            .append(e.name())
                            .append(nl);
            } catch (CommandFailure e) {
                s.append(e.getMessage()).append(nl);
            }
        } else {
            s.append("(simulated output of ").append(cmd).append(')').append(nl);
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
