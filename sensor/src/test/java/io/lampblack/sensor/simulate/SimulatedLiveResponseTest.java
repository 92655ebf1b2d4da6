package io.lampblack.sensor.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an analyst sees of a simulated host through live response: the answers to every command of the catalogue on
 * Windows and Linux, errors with the HRESULTs a real sensor gives, and consistency with the host's own events.
 */
class SimulatedLiveResponseTest {

    private static final int SENSOR = 77;
    private static final long SESSION = 5;

    @TempDir
    Path dir;

    /** The server's side of the file calls, kept in memory. */
    private final Map<Long, byte[]> uploaded = new HashMap<>();

    private final Map<Long, byte[]> toDownload = new HashMap<>();
    private Runnable duringUpload = () -> {};

    private final FileTransfers transfers = new FileTransfers() {
        @Override
        public void upload(long sessionId, long fileId, Supplier<InputStream> content) throws IOException {
            try (InputStream in = content.get()) {
                byte[] first = in.readNBytes(1024);
                duringUpload.run();
                byte[] rest = in.readAllBytes();
                byte[] all = new byte[first.length + rest.length];
                System.arraycopy(first, 0, all, 0, first.length);
                System.arraycopy(rest, 0, all, first.length, rest.length);
                uploaded.put(fileId, all);
            }
        }

        @Override
        public long download(long sessionId, long fileId, Path target) throws IOException {
            Files.write(target, toDownload.get(fileId));
            return toDownload.get(fileId).length;
        }
    };

    private long nextCommand = 1;

    private SimulatedLiveResponse windows(SyntheticHost host) {
        return new SimulatedLiveResponse(
                SENSOR, SimulatedPlatform.WINDOWS, "SIM-WIN10-00001", host, 1, dir.resolve("scratch"), 3_000_000);
    }

    private SimulatedLiveResponse linux() {
        return new SimulatedLiveResponse(
                SENSOR, SimulatedPlatform.LINUX, "sim-lnx-00001", new LinuxProcessTable(1), 1, dir.resolve("s2"), 1000);
    }

    private Result command(SimulatedLiveResponse lr, String name, String object, ObjectNode args, Long fileId)
            throws InterruptedException {
        return command(lr, nextCommand++, name, object, args, fileId);
    }

    private Result command(SimulatedLiveResponse lr, long cid, String name, String object, ObjectNode args, Long fileId)
            throws InterruptedException {
        Result r = lr.answer(
                new Work(LiveResponseProtocol.COMMAND, SESSION, cid, name, object, args, fileId, null), transfers);
        assertEquals(cid, r.commandId());
        assertEquals(SESSION, r.sessionId());
        assertEquals(LiveResponseProtocol.WIN_HRESULT, r.resultType());
        return r;
    }

    private Result ok(SimulatedLiveResponse lr, String name, String object) throws InterruptedException {
        return ok(lr, name, object, JsonNodeFactory.instance.objectNode());
    }

    private Result ok(SimulatedLiveResponse lr, String name, String object, ObjectNode args)
            throws InterruptedException {
        Result r = command(lr, name, object, args, null);
        assertEquals(LiveResponseProtocol.COMPLETE, r.status(), () -> name + " " + object + ": " + r.resultDesc());
        assertEquals(0, r.resultCode());
        return r;
    }

    private long fails(SimulatedLiveResponse lr, String name, String object) throws InterruptedException {
        Result r = command(lr, name, object, JsonNodeFactory.instance.objectNode(), null);
        assertEquals(LiveResponseProtocol.ERROR, r.status(), () -> name + " " + object + " should fail");
        assertFalse(r.resultDesc().isBlank(), "an error says what went wrong");
        return r.resultCode();
    }

    private static List<String> names(Result r) {
        List<String> out = new ArrayList<>();
        r.result().get("files").forEach(f -> out.add(f.get("filename").asText()));
        return out;
    }

    private static JsonNode file(Result r, String name) {
        for (JsonNode f : r.result().get("files"))
            if (f.get("filename").asText().equals(name)) return f;
        throw new AssertionError(name + " not listed in " + r.result());
    }

    private static ObjectNode args() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void aWindowsSessionOffersEveryCommandOnDriveC() throws Exception {
        SimulatedLiveResponse lr = windows(new SyntheticHost(1));
        Result opened = lr.answer(Work.open(SESSION), transfers);
        assertEquals(0, opened.commandId());
        assertEquals(LiveResponseProtocol.ALL_COMMANDS, opened.session().supportedCommands());
        assertEquals(List.of("C:\\"), opened.session().drives());
        assertTrue(lr.holds(SESSION));
        assertNull(lr.answer(Work.close(SESSION), transfers), "close has no result");
        assertFalse(lr.holds(SESSION));
    }

    @Test
    void directoryListsShowAPlausibleDiskAsCbapisWalkReadsIt() throws Exception {
        SimulatedLiveResponse lr = windows(new SyntheticHost(1));
        Result root = ok(lr, LiveResponseProtocol.DIRECTORY_LIST, "C:\\*");
        assertTrue(
                names(root).containsAll(List.of("Windows", "Users", "Program Files", "pagefile.sys")),
                names(root).toString());
        assertFalse(names(root).contains(".."), "the root has no parent");
        assertEquals("DIRECTORY", file(root, "Windows").get("attributes").get(0).asText());
        assertEquals(4L << 30, file(root, "pagefile.sys").get("size").asLong());

        Result windows = ok(lr, LiveResponseProtocol.DIRECTORY_LIST, "c:/windows/");
        assertTrue(
                names(windows).containsAll(List.of(".", "..", "System32", "explorer.exe")),
                "case and slashes as Windows takes them");
        JsonNode explorer = file(windows, "explorer.exe");
        assertEquals("ARCHIVE", explorer.get("attributes").get(0).asText());
        assertTrue(explorer.get("size").asLong() > 0);
        assertTrue(explorer.get("last_write_time").asLong()
                >= explorer.get("create_time").asLong());

        Result dlls = ok(lr, LiveResponseProtocol.DIRECTORY_LIST, "C:\\Windows\\System32\\kernel*.dll");
        assertFalse(names(dlls).isEmpty());
        assertTrue(names(dlls).stream().filter(n -> !n.startsWith(".")).allMatch(n -> n.startsWith("kernel")));

        assertEquals(
                LiveResponseProtocol.E_PATH_NOT_FOUND,
                fails(lr, LiveResponseProtocol.DIRECTORY_LIST, "C:\\nowhere\\*"));
    }

    @Test
    void killingTheHostsLastProcessesFailsWithAnAnswerAndTheHostGoesOn() throws Exception {
        SyntheticHost host = new SyntheticHost(3);
        SimulatedLiveResponse lr = windows(host);
        JsonNode listed = ok(lr, LiveResponseProtocol.PROCESS_LIST, "").result().get("processes");
        int killed = 0;
        long refused = 0;
        for (int i = listed.size() - 1; i >= 0 && refused == 0; i--) {
            String pid = listed.get(i).get("pid").asText();
            if (Integer.parseInt(pid) <= 4) continue;
            Result r = command(lr, LiveResponseProtocol.KILL, pid, JsonNodeFactory.instance.objectNode(), null);
            if (r.status().equals(LiveResponseProtocol.COMPLETE)) killed++;
            else refused = r.resultCode();
        }
        assertEquals(LiveResponseProtocol.E_FAIL, refused, "a kill of the last processes is answered as failed");
        assertTrue(killed > 0);
        JsonNode after = ok(lr, LiveResponseProtocol.PROCESS_LIST, "").result().get("processes");
        assertEquals(listed.size() - killed, after.size());
        // The generator still finds processes to run activity in.
        assertTrue(EventLogReader.lenient(host.nextUpload(200)).iterator().hasNext());
    }

    @Test
    void theProcessListIsTheHostsProcessesWithTheGuidsOfTheirEvents() throws Exception {
        SyntheticHost host = new SyntheticHost(3);
        SimulatedLiveResponse lr = windows(host);
        JsonNode listed = ok(lr, LiveResponseProtocol.PROCESS_LIST, "").result().get("processes");
        assertEquals(host.processes().size(), listed.size());
        JsonNode victim = listed.get(listed.size() - 1);
        for (String field : List.of(
                "pid", "parent", "parent_guid", "proc_guid", "path", "command_line", "create_time", "sid", "username"))
            assertTrue(victim.has(field), field);

        // Killing it puts its end event in the host's next upload; that event's process is the listed GUID.
        ok(lr, LiveResponseProtocol.KILL, victim.get("pid").asText());
        CbEventMsg end = EventLogReader.lenient(host.nextUpload(10)).iterator().next();
        assertTrue(end.hasProcess() && !end.getProcess().getCreated(), "the next upload starts with the end");
        assertEquals(
                victim.get("proc_guid").asText(),
                new ProcessGuid(
                                SENSOR,
                                end.getHeader().getProcessPid(),
                                end.getHeader().getProcessCreateTime())
                        .toString());
        JsonNode after = ok(lr, LiveResponseProtocol.PROCESS_LIST, "").result().get("processes");
        assertEquals(listed.size() - 1, after.size());
        for (JsonNode p : after) {
            assertFalse(p.get("pid").asText().equals(victim.get("pid").asText()), "killed");
        }
        assertEquals(
                LiveResponseProtocol.E_INVALIDARG,
                fails(lr, LiveResponseProtocol.KILL, victim.get("pid").asText()));
        assertEquals(LiveResponseProtocol.E_ACCESS_DENIED, fails(lr, LiveResponseProtocol.KILL, "4"));
        assertEquals(LiveResponseProtocol.E_INVALIDARG, fails(lr, LiveResponseProtocol.KILL, "notapid"));
    }

    @Test
    void createProcessStartsAProcessInTheHostsEventsAndWritesItsOutput() throws Exception {
        SyntheticHost host = new SyntheticHost(4);
        SimulatedLiveResponse lr = windows(host);
        ObjectNode a = args();
        a.put("wait", true);
        a.put("output_file", "C:\\Windows\\Temp\\out.txt");
        a.put("working_directory", "C:\\Windows\\Temp");
        Result r = ok(lr, LiveResponseProtocol.CREATE_PROCESS, "cmd.exe /c whoami", a);
        assertEquals(0, r.result().get("return_code").asInt());
        int pid = r.result().get("pid").asInt();
        CbEventMsg start =
                EventLogReader.lenient(host.nextUpload(10)).iterator().next();
        assertTrue(start.getProcess().getCreated());
        assertEquals(pid, start.getHeader().getProcessPid());
        assertEquals("cmd.exe /c whoami", start.getProcess().getCommandline().toStringUtf8());

        Result get = command(lr, LiveResponseProtocol.GET_FILE, "C:\\Windows\\Temp\\out.txt", args(), 900L);
        assertEquals(LiveResponseProtocol.COMPLETE, get.status());
        assertEquals("nt authority\\system\r\n", new String(uploaded.get(900L), StandardCharsets.UTF_8));
        ok(lr, LiveResponseProtocol.DELETE_FILE, "C:\\Windows\\Temp\\out.txt");

        ObjectNode badDir = args();
        badDir.put("working_directory", "C:\\missing");
        assertEquals(
                LiveResponseProtocol.E_PATH_NOT_FOUND,
                command(lr, LiveResponseProtocol.CREATE_PROCESS, "cmd.exe", badDir, null)
                        .resultCode());
        assertEquals(
                LiveResponseProtocol.E_FILE_NOT_FOUND,
                fails(lr, LiveResponseProtocol.CREATE_PROCESS, "C:\\nope\\x.exe"));
    }

    @Test
    void getFileStreamsGeneratedContentOfTheListedSizeTheSameEveryTime() throws Exception {
        SimulatedLiveResponse lr = windows(new SyntheticHost(1));
        long size = file(ok(lr, LiveResponseProtocol.DIRECTORY_LIST, "C:\\Windows"), "explorer.exe")
                .get("size")
                .asLong();
        assertEquals(
                LiveResponseProtocol.COMPLETE,
                command(lr, LiveResponseProtocol.GET_FILE, "C:\\Windows\\explorer.exe", args(), 1L)
                        .status());
        assertEquals(
                LiveResponseProtocol.COMPLETE,
                command(lr, LiveResponseProtocol.GET_FILE, "c:\\windows\\EXPLORER.EXE", args(), 2L)
                        .status());
        assertEquals(size, uploaded.get(1L).length);
        assertArrayEquals(uploaded.get(1L), uploaded.get(2L));

        ObjectNode part = args();
        part.put("offset", 1000);
        part.put("get_count", 5000);
        command(lr, LiveResponseProtocol.GET_FILE, "C:\\Windows\\explorer.exe", part, 3L);
        assertArrayEquals(java.util.Arrays.copyOfRange(uploaded.get(1L), 1000, 6000), uploaded.get(3L));

        Result missing = command(lr, LiveResponseProtocol.GET_FILE, "C:\\Windows\\nothere.exe", args(), 4L);
        assertEquals(LiveResponseProtocol.E_FILE_NOT_FOUND, missing.resultCode());
        assertFalse(uploaded.containsKey(4L), "nothing uploaded for a missing file");
    }

    @Test
    void aCancelledTransferStopsAndAnswersEAbort() throws Exception {
        SimulatedLiveResponse lr = windows(new SyntheticHost(1));
        long cid = 42;
        duringUpload = () -> {
            try {
                assertNull(lr.answer(Work.cancel(SESSION, cid), transfers));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        Result r = command(lr, cid, LiveResponseProtocol.GET_FILE, "C:\\pagefile.sys", args(), 9L);
        assertEquals(LiveResponseProtocol.ERROR, r.status());
        assertEquals(LiveResponseProtocol.E_ABORT, r.resultCode());
        assertFalse(uploaded.containsKey(9L), "the 4 GiB transfer stopped");
    }

    @Test
    void putFilesAreKeptAndReadBackAndDirectoriesAreMadeAndDeleted() throws Exception {
        SimulatedLiveResponse lr = windows(new SyntheticHost(1));
        ok(lr, LiveResponseProtocol.CREATE_DIRECTORY, "C:\\Users\\alice\\Desktop\\ir");
        assertEquals(
                LiveResponseProtocol.E_ALREADY_EXISTS,
                fails(lr, LiveResponseProtocol.CREATE_DIRECTORY, "C:\\Users\\alice\\Desktop\\ir"));
        assertEquals(
                LiveResponseProtocol.E_PATH_NOT_FOUND,
                fails(lr, LiveResponseProtocol.CREATE_DIRECTORY, "C:\\no\\such"));

        byte[] tool = "MZ tool bytes".getBytes(StandardCharsets.US_ASCII);
        toDownload.put(500L, tool);
        Result put = lr.answer(
                new Work(
                        LiveResponseProtocol.COMMAND,
                        SESSION,
                        50L,
                        LiveResponseProtocol.PUT_FILE,
                        "C:\\Users\\alice\\Desktop\\ir\\tool.exe",
                        args(),
                        500L,
                        (long) tool.length),
                transfers);
        assertEquals(LiveResponseProtocol.COMPLETE, put.status(), put.resultDesc());
        JsonNode listed =
                file(ok(lr, LiveResponseProtocol.DIRECTORY_LIST, "C:\\Users\\alice\\Desktop\\ir\\*"), "tool.exe");
        assertEquals(tool.length, listed.get("size").asInt());
        command(lr, LiveResponseProtocol.GET_FILE, "C:\\Users\\alice\\Desktop\\ir\\tool.exe", args(), 501L);
        assertArrayEquals(tool, uploaded.get(501L));

        assertEquals(
                LiveResponseProtocol.E_ACCESS_DENIED,
                fails(lr, LiveResponseProtocol.DELETE_FILE, "C:\\Users\\alice\\Desktop\\ir"));
        ok(lr, LiveResponseProtocol.DELETE_FILE, "C:\\Users\\alice\\Desktop\\ir\\tool.exe");
        ok(lr, LiveResponseProtocol.DELETE_FILE, "C:\\Users\\alice\\Desktop\\ir");
        assertEquals(
                LiveResponseProtocol.E_FILE_NOT_FOUND,
                fails(lr, LiveResponseProtocol.DELETE_FILE, "C:\\Users\\alice\\Desktop\\ir"));
        try (var left = Files.list(dir.resolve("scratch"))) {
            assertEquals(0, left.count(), "a deleted put file leaves nothing behind");
        }
    }

    @Test
    void memdumpWritesADumpOfTheConfiguredSizeThatGetFileFetches() throws Exception {
        SimulatedLiveResponse lr = windows(new SyntheticHost(1));
        ObjectNode compress = args();
        compress.put("compress", true);
        ok(lr, LiveResponseProtocol.MEMDUMP, "C:\\Windows\\Temp\\mem.dmp", compress);
        JsonNode dump = file(ok(lr, LiveResponseProtocol.DIRECTORY_LIST, "C:\\Windows\\Temp\\mem*"), "mem.dmp.zip");
        assertEquals(3_000_000, dump.get("size").asLong());
        command(lr, LiveResponseProtocol.GET_FILE, "C:\\Windows\\Temp\\mem.dmp.zip", args(), 70L);
        assertEquals(3_000_000, uploaded.get(70L).length);
        Result direct = command(lr, LiveResponseProtocol.MEMDUMP, "C:\\Windows\\Temp\\m2.dmp", args(), 71L);
        assertEquals(LiveResponseProtocol.COMPLETE, direct.status());
        assertEquals(3_000_000, uploaded.get(71L).length, "uploaded at once when the server names a file id");
    }

    @Test
    void theRegistryAnswersEveryRegistryCommand() throws Exception {
        SimulatedLiveResponse lr = windows(new SyntheticHost(1));
        String run = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run";
        JsonNode enumerated = ok(lr, LiveResponseProtocol.REG_ENUM_KEY, run).result();
        assertEquals(
                "SecurityHealth",
                enumerated.get("values").get(0).get("value_name").asText());
        assertTrue(enumerated.get("sub_keys").isArray());
        JsonNode services = ok(
                        lr,
                        LiveResponseProtocol.REG_ENUM_KEY,
                        "HKEY_LOCAL_MACHINE\\system\\currentcontrolset\\services")
                .result();
        assertTrue(services.get("sub_keys").toString().contains("\"Tcpip\""), services.toString());

        ObjectNode set = args();
        set.put("value_type", "REG_DWORD");
        set.put("value_data", 1);
        set.put("overwrite", false);
        ok(lr, LiveResponseProtocol.REG_SET_VALUE, run + "\\Updater", set);
        JsonNode value = ok(lr, LiveResponseProtocol.REG_QUERY_VALUE, run + "\\updater")
                .result()
                .get("value");
        assertEquals("Updater", value.get("value_name").asText());
        assertEquals("REG_DWORD", value.get("value_type").asText());
        assertEquals(1, value.get("value_data").asInt());
        assertEquals(
                LiveResponseProtocol.E_ALREADY_EXISTS,
                command(lr, LiveResponseProtocol.REG_SET_VALUE, run + "\\Updater", set, null)
                        .resultCode());
        ObjectNode multi = args();
        multi.put("value_type", "REG_MULTI_SZ");
        multi.putArray("value_data").add("a").add("b");
        multi.put("overwrite", true);
        ok(lr, LiveResponseProtocol.REG_SET_VALUE, run + "\\Updater", multi);
        assertEquals(
                "[\"a\",\"b\"]",
                ok(lr, LiveResponseProtocol.REG_QUERY_VALUE, run + "\\Updater")
                        .result()
                        .get("value")
                        .get("value_data")
                        .toString());
        ok(lr, LiveResponseProtocol.REG_DELETE_VALUE, run + "\\Updater");
        assertEquals(
                LiveResponseProtocol.E_FILE_NOT_FOUND,
                fails(lr, LiveResponseProtocol.REG_QUERY_VALUE, run + "\\Updater"));
        assertEquals(
                LiveResponseProtocol.E_FILE_NOT_FOUND,
                fails(lr, LiveResponseProtocol.REG_DELETE_VALUE, run + "\\Updater"));

        ok(lr, LiveResponseProtocol.REG_CREATE_KEY, "HKCU\\Software\\Evil\\Persist");
        assertEquals(
                List.of("Persist"),
                List.of(ok(lr, LiveResponseProtocol.REG_ENUM_KEY, "HKCU\\Software\\Evil")
                        .result()
                        .get("sub_keys")
                        .get(0)
                        .asText()));
        assertEquals(
                LiveResponseProtocol.E_ACCESS_DENIED,
                fails(lr, LiveResponseProtocol.REG_DELETE_KEY, "HKCU\\Software\\Evil"));
        ok(lr, LiveResponseProtocol.REG_DELETE_KEY, "HKCU\\Software\\Evil\\Persist");
        ok(lr, LiveResponseProtocol.REG_DELETE_KEY, "HKCU\\Software\\Evil");
        assertEquals(
                LiveResponseProtocol.E_FILE_NOT_FOUND,
                fails(lr, LiveResponseProtocol.REG_ENUM_KEY, "HKCU\\Software\\Evil"));
        assertEquals(LiveResponseProtocol.E_ACCESS_DENIED, fails(lr, LiveResponseProtocol.REG_DELETE_KEY, "HKLM"));
    }

    @Test
    void aLinuxHostHasNoRegistryAndLinuxPaths() throws Exception {
        SimulatedLiveResponse lr = linux();
        Result opened = lr.answer(Work.open(SESSION), transfers);
        assertEquals(
                LiveResponseProtocol.NON_REGISTRY_COMMANDS, opened.session().supportedCommands());
        assertEquals(List.of("/"), opened.session().drives());
        assertEquals(LiveResponseProtocol.E_NOTIMPL, fails(lr, LiveResponseProtocol.REG_ENUM_KEY, "HKLM\\SOFTWARE"));

        Result etc = ok(lr, LiveResponseProtocol.DIRECTORY_LIST, "/etc/*");
        assertTrue(
                names(etc).containsAll(List.of("hostname", "passwd", "ssh")),
                names(etc).toString());
        command(lr, LiveResponseProtocol.GET_FILE, "/etc/hostname", args(), 1L);
        assertEquals("sim-lnx-00001\n", new String(uploaded.get(1L), StandardCharsets.UTF_8));
        assertEquals(
                LiveResponseProtocol.E_FILE_NOT_FOUND,
                command(lr, LiveResponseProtocol.GET_FILE, "/ETC/HOSTNAME", args(), 2L)
                        .resultCode());

        JsonNode processes =
                ok(lr, LiveResponseProtocol.PROCESS_LIST, "").result().get("processes");
        JsonNode init = processes.get(0);
        assertEquals(1, init.get("pid").asInt());
        assertEquals("/usr/lib/systemd/systemd", init.get("path").asText());
        assertEquals("0", init.get("sid").asText());
        assertEquals(
                new ProcessGuid(
                                SENSOR,
                                1,
                                new LinuxProcessTable(1).processes().getFirst().createTime())
                        .toString(),
                init.get("proc_guid").asText());
        assertEquals(LiveResponseProtocol.E_ACCESS_DENIED, fails(lr, LiveResponseProtocol.KILL, "1"));
        ObjectNode a = args();
        a.put("wait", true);
        a.put("output_file", "/tmp/out");
        ok(lr, LiveResponseProtocol.CREATE_PROCESS, "hostname", a);
        command(lr, LiveResponseProtocol.GET_FILE, "/tmp/out", args(), 3L);
        assertEquals("sim-lnx-00001\n", new String(uploaded.get(3L), StandardCharsets.UTF_8));
        int pid = ok(lr, LiveResponseProtocol.CREATE_PROCESS, "/usr/bin/sleep 100", args())
                .result()
                .get("pid")
                .asInt();
        assertEquals(
                LiveResponseProtocol.E_FILE_NOT_FOUND,
                fails(lr, LiveResponseProtocol.CREATE_PROCESS, "/usr/bin/nosuch"));
        assertTrue(
                ok(lr, LiveResponseProtocol.PROCESS_LIST, "")
                        .result()
                        .get("processes")
                        .toString()
                        .contains("\"pid\":" + pid + ","),
                "a process not waited for keeps running");
    }

    @Test
    void anUnknownCommandIsRefusedClearly() throws Exception {
        SimulatedLiveResponse lr = windows(new SyntheticHost(1));
        assertEquals(LiveResponseProtocol.E_NOTIMPL, fails(lr, "format disk", "C:\\"));
        assertEquals(LiveResponseProtocol.E_INVALIDARG, fails(lr, LiveResponseProtocol.DELETE_FILE, ""));
    }
}
