package io.lampblack.server.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.protocol.sensor.LiveResponseProtocol.SessionInfo;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import io.lampblack.protocol.sensor.SensorProtocol.HostStatus;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * A Windows-like sensor for live-response tests, built only on {@link SensorClient}'s poll, result and file calls: it
 * registers saying {@code supports_cblr}, holds the poll on a virtual thread, and carries out each command on a
 * virtual thread of its own against a small host kept in memory (files, directories, processes). What it received is
 * kept in {@link #received} for tests to check. A {@code create process} of {@code "hang"} runs until cancelled.
 */
public final class TestLiveSensor implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final SensorClient client;
    public final SensorClient.Identity id;
    /** The host's files by path, e.g. {@code C:\temp\a.txt}. */
    public final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** The host's directories, e.g. {@code C:\temp}. */
    public final java.util.Set<String> dirs = ConcurrentHashMap.newKeySet();
    /** The host's processes: pid to path. */
    public final Map<Integer, String> processes = new ConcurrentHashMap<>();
    /** Every piece of work the poll brought, in order. */
    public final List<Work> received = new CopyOnWriteArrayList<>();
    /** Content served for a {@code get file} of a path, generated rather than stored (large files). */
    public final Map<String, Supplier<InputStream>> generated = new ConcurrentHashMap<>();

    /** For {@code put file}s larger than {@link #LARGE}: the SHA-256 (hex) of what arrived, instead of the bytes. */
    public final Map<String, String> putDigests = new ConcurrentHashMap<>();

    static final long LARGE = 64L << 20;

    private final Map<Long, Thread> running = new ConcurrentHashMap<>();
    private final Map<Long, CountDownLatch> hanging = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile Thread poller;

    private TestLiveSensor(SensorClient client, SensorClient.Identity id) {
        this.client = client;
        this.id = id;
        dirs.add("C:\\");
        dirs.add("C:\\Windows");
        dirs.add("C:\\Windows\\Temp");
        processes.put(4, "System");
        processes.put(1234, "c:\\windows\\system32\\notepad.exe");
    }

    /** Registers a sensor in the group that says (or not) that it takes sessions; it does not poll yet. */
    public static TestLiveSensor register(TestServer server, String hostname, int group, boolean supportsCblr)
            throws IOException, InterruptedException {
        SensorClient client = server.sensorClient();
        HostStatus status = new HostStatus(
                "127.0.0.1,0a1b2c3d4e5f|",
                "Windows 10 Enterprise (test)",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                supportsCblr,
                null,
                null);
        var r = client.register(
                new RegisterRequest(
                        hostname,
                        hostname.toLowerCase() + ".test.local",
                        "windows",
                        "workstation",
                        "Windows 10 Enterprise (test)",
                        "127.0.0.1,0a1b2c3d4e5f|",
                        "test-1.0",
                        group,
                        status),
                null);
        return new TestLiveSensor(client, new SensorClient.Identity(r.sensorId(), r.secret()));
    }

    /** Starts holding the poll, as a sensor that takes sessions does whenever it is online. */
    public TestLiveSensor start() {
        poller = Thread.ofVirtual().name("test-sensor-poll-" + id.sensorId()).start(this::pollLoop);
        return this;
    }

    private void pollLoop() {
        while (!stopped) {
            try {
                for (Work w : client.pollLiveResponse(id, 30).work()) {
                    received.add(w);
                    handle(w);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (stopped) return;
                try {
                    Thread.sleep(100); // the server refused or went away: poll again, as a real sensor would
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void handle(Work w) {
        switch (w.type()) {
            case LiveResponseProtocol.OPEN ->
                answer(Result.opened(
                        w.sessionId(),
                        new SessionInfo(
                                LiveResponseProtocol.ALL_COMMANDS, List.of("C:\\"), "C:\\Windows\\CarbonBlack")));
            case LiveResponseProtocol.COMMAND -> {
                Thread t = Thread.ofVirtual().unstarted(() -> answer(run(w)));
                running.put(w.commandId(), t);
                t.start();
            }
            case LiveResponseProtocol.CANCEL -> {
                CountDownLatch l = hanging.get(w.commandId());
                if (l != null) l.countDown();
            }
            default -> {}
        }
    }

    private void answer(Result r) {
        try {
            client.liveResponseResult(id, r);
        } catch (IOException | InterruptedException e) {
            // The server dropped the session or command (404): a real sensor drops it too.
        }
    }

    private Result run(Work w) {
        long s = w.sessionId();
        long c = w.commandId();
        String obj = w.object();
        try {
            return switch (w.name()) {
                case LiveResponseProtocol.DIRECTORY_LIST -> Result.complete(s, c, list(obj));
                case LiveResponseProtocol.GET_FILE, LiveResponseProtocol.MEMDUMP -> getFile(w);
                case LiveResponseProtocol.PUT_FILE -> {
                    Path tmp = Files.createTempFile("test-sensor-", ".put");
                    try {
                        long size = client.downloadLiveResponseFile(id, s, w.fileId(), tmp);
                        if (size > LARGE) putDigests.put(obj, sha256(tmp));
                        else files.put(obj, Files.readAllBytes(tmp));
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                    yield Result.complete(s, c, null);
                }
                case LiveResponseProtocol.DELETE_FILE ->
                    files.remove(obj) != null
                            ? Result.complete(s, c, null)
                            : Result.error(s, c, LiveResponseProtocol.E_FILE_NOT_FOUND, "no file " + obj);
                case LiveResponseProtocol.CREATE_DIRECTORY -> {
                    dirs.add(trim(obj));
                    yield Result.complete(s, c, null);
                }
                case LiveResponseProtocol.PROCESS_LIST -> Result.complete(s, c, processList());
                case LiveResponseProtocol.KILL -> {
                    int pid = Integer.parseInt(obj);
                    yield processes.remove(pid) != null
                            ? Result.complete(s, c, null)
                            : Result.error(s, c, LiveResponseProtocol.E_INVALIDARG, "no process " + pid);
                }
                case LiveResponseProtocol.CREATE_PROCESS -> createProcess(w);
                case LiveResponseProtocol.REG_ENUM_KEY -> {
                    ObjectNode r = JSON.createObjectNode();
                    ObjectNode v = r.putArray("values").addObject();
                    v.put("value_name", "Version");
                    v.put("value_type", "REG_SZ");
                    v.put("value_data", "1.0");
                    r.putArray("sub_keys").add("Sub");
                    yield Result.complete(s, c, r);
                }
                case LiveResponseProtocol.REG_QUERY_VALUE -> {
                    ObjectNode r = JSON.createObjectNode();
                    ObjectNode v = r.putObject("value");
                    v.put("value_name", "Version");
                    v.put("value_type", "REG_SZ");
                    v.put("value_data", "1.0");
                    yield Result.complete(s, c, r);
                }
                default -> Result.complete(s, c, null);
            };
        } catch (Exception e) {
            return Result.error(s, c, LiveResponseProtocol.E_FAIL, e.toString());
        } finally {
            running.remove(c);
        }
    }

    private Result getFile(Work w) throws IOException, InterruptedException {
        long s = w.sessionId();
        long c = w.commandId();
        String path = w.object();
        if (w.name().equals(LiveResponseProtocol.MEMDUMP)) {
            byte[] dump = ("memory of the test host " + path).repeat(1000).getBytes();
            boolean zip = w.args() != null && w.args().path("compress").asBoolean(false);
            files.put(zip ? path + ".zip" : path, dump);
            client.uploadLiveResponseFile(id, s, w.fileId(), () -> new ByteArrayInputStream(dump));
            return Result.complete(s, c, null);
        }
        Supplier<InputStream> source = generated.get(path);
        if (source == null) {
            byte[] content = files.get(path);
            if (content == null) return Result.error(s, c, LiveResponseProtocol.E_FILE_NOT_FOUND, "no file " + path);
            long offset = w.args() == null ? 0 : w.args().path("offset").asLong(0);
            long count = w.args() == null ? 0 : w.args().path("get_count").asLong(0);
            int from = (int) Math.min(offset, content.length);
            int to = count > 0 ? (int) Math.min(content.length, from + count) : content.length;
            byte[] part = Arrays.copyOfRange(content, from, to);
            source = () -> new ByteArrayInputStream(part);
        }
        client.uploadLiveResponseFile(id, s, w.fileId(), source);
        return Result.complete(s, c, null);
    }

    private Result createProcess(Work w) throws InterruptedException {
        long s = w.sessionId();
        long c = w.commandId();
        if (w.object().equals("hang")) {
            CountDownLatch l = new CountDownLatch(1);
            hanging.put(c, l);
            l.await();
            return Result.error(s, c, LiveResponseProtocol.E_ABORT, "cancelled");
        }
        int pid = 5000 + (int) c;
        String out = w.args() == null ? "" : w.args().path("output_file").asText("");
        if (!out.isEmpty()) files.put(out, ("output of " + w.object() + "\r\n").getBytes());
        processes.put(pid, w.object());
        ObjectNode r = JSON.createObjectNode();
        r.put("pid", pid);
        r.put("return_code", 0);
        return Result.complete(s, c, r);
    }

    private ObjectNode processList() {
        ObjectNode r = JSON.createObjectNode();
        ArrayNode list = r.putArray("processes");
        for (var p : new TreeMap<>(processes).entrySet()) {
            ObjectNode o = list.addObject();
            o.put("pid", p.getKey());
            o.put("parent", 0);
            o.put("parent_guid", "");
            o.put("proc_guid", "");
            o.put("path", p.getValue());
            o.put("command_line", p.getValue());
            o.put("create_time", 1_700_000_000);
            o.put("sid", "s-1-5-18");
            o.put("username", "NT AUTHORITY\\SYSTEM");
        }
        return r;
    }

    /** A directory listing of {@code C:\dir\} or {@code C:\dir\*}, with "." and "..", as Windows sensors answer. */
    private ObjectNode list(String object) {
        String dir = trim(object.endsWith("*") ? object.substring(0, object.length() - 1) : object);
        ObjectNode r = JSON.createObjectNode();
        ArrayNode list = r.putArray("files");
        entry(list, ".", true, 0);
        entry(list, "..", true, 0);
        TreeSet<String> subdirs = new TreeSet<>();
        for (String d : dirs) if (parent(d).equalsIgnoreCase(dir)) subdirs.add(name(d));
        for (String d : subdirs) entry(list, d, true, 0);
        for (var f : new TreeMap<>(files).entrySet()) {
            if (parent(f.getKey()).equalsIgnoreCase(dir)) entry(list, name(f.getKey()), false, f.getValue().length);
        }
        return r;
    }

    private static void entry(ArrayNode list, String name, boolean dir, long size) {
        ObjectNode o = list.addObject();
        o.put("filename", name);
        o.putArray("attributes").add(dir ? "DIRECTORY" : "ARCHIVE");
        o.put("size", size);
        o.put("create_time", 1_700_000_000);
        o.put("last_access_time", 1_700_000_000);
        o.put("last_write_time", 1_700_000_000);
    }

    private static String trim(String p) {
        return p.length() > 3 && p.endsWith("\\") ? p.substring(0, p.length() - 1) : p;
    }

    private static String parent(String p) {
        int i = p.lastIndexOf('\\');
        if (i < 0) return "";
        String parent = p.substring(0, i);
        return parent.endsWith(":") ? parent + "\\" : parent;
    }

    private static String name(String p) {
        return p.substring(p.lastIndexOf('\\') + 1);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) >= 0; ) md.update(buf, 0, n);
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stopped = true;
        hanging.values().forEach(CountDownLatch::countDown);
        if (poller != null) poller.interrupt();
    }
}
