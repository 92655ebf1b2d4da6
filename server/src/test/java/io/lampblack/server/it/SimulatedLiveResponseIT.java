package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.sensor.simulate.LiveResponsePolls;
import io.lampblack.sensor.simulate.SimulatedPlatform;
import io.lampblack.sensor.simulate.Simulator;
import io.lampblack.server.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated sensors against the real server: sessions opened through {@code /api/v1/cblr} the way cbapi opens them,
 * every command of the catalogue run on a Windows host and the platform's own on a Linux host, results and file
 * contents read back as an analyst reads them.
 */
// A command or session that never leaves pending would otherwise hang the build.
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class SimulatedLiveResponseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MEMDUMP_BYTES = 2_500_000;

    @TempDir
    Path dir;

    private TestServer t;

    @AfterEach
    void stop() {
        if (t != null) t.close();
    }

    private JsonNode ok(TestServer.Response r) {
        assertEquals(200, r.status(), r.text());
        return r.json();
    }

    /** As cbapi's {@code lr_session()}: reuse a pending or active session of the sensor, else create one; wait until active. */
    private long session(int sensorId) throws Exception {
        for (JsonNode s : ok(t.get("/api/v1/cblr/session?active_only=true")))
            if (s.path("sensor_id").asInt() == sensorId) return s.path("id").asLong();
        long id = ok(t.post("/api/v1/cblr/session", "{\"sensor_id\": " + sensorId + "}"))
                .path("id")
                .asLong();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (true) {
            assertTrue(System.nanoTime() < deadline, "session " + id + " still pending after 60 s");
            JsonNode s = ok(t.get("/api/v1/cblr/session/" + id));
            String status = s.path("status").asText();
            if (status.equals("active")) return id;
            assertEquals("pending", status, s.toString());
            Thread.sleep(100);
        }
    }

    private JsonNode issue(long session, String name, String object, ObjectNode extra) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        if (object != null) body.put("object", object);
        body.put("session_id", session);
        if (extra != null) body.setAll(extra);
        return ok(t.post("/api/v1/cblr/session/" + session + "/command", body.toString()));
    }

    /** Posts a command and fetches it with {@code ?wait=true} until it is no longer pending. */
    private JsonNode run(long session, String name, String object, ObjectNode extra) throws Exception {
        long cid = issue(session, name, object, extra).path("id").asLong();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
        while (true) {
            assertTrue(System.nanoTime() < deadline, name + " still pending after 120 s");
            JsonNode c = ok(t.get("/api/v1/cblr/session/" + session + "/command/" + cid + "?wait=true"));
            if (!c.path("status").asText().equals("pending")) return c;
        }
    }

    private JsonNode complete(long session, String name, String object, ObjectNode extra) throws Exception {
        JsonNode c = run(session, name, object, extra);
        assertEquals("complete", c.path("status").asText(), () -> name + " " + object + ": " + c);
        return c;
    }

    private JsonNode complete(long session, String name, String object) throws Exception {
        return complete(session, name, object, null);
    }

    private long failsWith(long session, String name, String object) throws Exception {
        JsonNode c = run(session, name, object, null);
        assertEquals("error", c.path("status").asText(), c.toString());
        assertEquals("WinHresult", c.path("result_type").asText());
        assertFalse(c.path("result_desc").asText().isBlank());
        return c.path("result_code").asLong() & 0xffffffffL;
    }

    /** get file as cbapi does it: the command, then the content of its file id. */
    private byte[] getFile(long session, String path) throws Exception {
        JsonNode c = complete(session, LiveResponseProtocol.GET_FILE, path);
        TestServer.Response content = t.get(
                "/api/v1/cblr/session/" + session + "/file/" + c.path("file_id").asLong() + "/content");
        assertEquals(200, content.status(), content.text());
        return content.body();
    }

    private long upload(long session, String fileName, byte[] content) throws Exception {
        String boundary = "----lampblack" + System.nanoTime();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        b.writeBytes(content);
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return ok(t.send(
                        HttpRequest.newBuilder(URI.create(t.server.url() + "/api/v1/cblr/session/" + session + "/file"))
                                .header("X-Auth-Token", t.token)
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(b.toByteArray()))))
                .path("id")
                .asLong();
    }

    private static List<String> names(JsonNode command) {
        List<String> out = new ArrayList<>();
        command.path("files").forEach(f -> out.add(f.path("filename").asText()));
        return out;
    }

    @Test
    void everyCommandOnASimulatedWindowsHost() throws Exception {
        t = TestServer.start(dir.resolve("data"));
        {
            Simulator sim = new Simulator(t.sensorClient(), "");
            List<Simulator.SimSensor> sensors = sim.register(1, 21);
            int sensorId = sensors.getFirst().identity().sensorId();
            try (LiveResponsePolls polls = sim.answerLiveResponse(sensors, 30, MEMDUMP_BYTES)) {
                assertTrue(ok(t.get("/api/v1/sensor/" + sensorId))
                        .path("supports_cblr")
                        .asBoolean());
                long s = session(sensorId);
                JsonNode opened = ok(t.get("/api/v1/cblr/session/" + s));
                assertEquals(
                        LiveResponseProtocol.ALL_COMMANDS.size(),
                        opened.path("supported_commands").size(),
                        opened.toString());
                assertEquals("C:\\", opened.path("drives").get(0).asText());
                assertEquals(s, session(sensorId), "the open session is reused");

                JsonNode listing = complete(s, LiveResponseProtocol.DIRECTORY_LIST, "C:\\Windows\\*");
                assertTrue(
                        names(listing).containsAll(List.of("System32", "explorer.exe", "win.ini")), listing.toString());

                JsonNode processes =
                        complete(s, LiveResponseProtocol.PROCESS_LIST, null).path("processes");
                assertTrue(processes.size() > 10, processes.toString());
                JsonNode victim = processes.get(processes.size() - 1);
                assertTrue(
                        victim.path("proc_guid").asText().startsWith(String.format("%08x-", sensorId)),
                        victim.toString());

                assertTrue(new String(getFile(s, "C:\\Windows\\win.ini"), StandardCharsets.UTF_8)
                        .startsWith("; for 16-bit app support"));
                assertEquals(
                        LiveResponseProtocol.E_FILE_NOT_FOUND,
                        failsWith(s, LiveResponseProtocol.GET_FILE, "C:\\Windows\\nothere.dll"));
                assertEquals(
                        LiveResponseProtocol.E_PATH_NOT_FOUND,
                        failsWith(s, LiveResponseProtocol.DIRECTORY_LIST, "C:\\nowhere\\*"));

                complete(s, LiveResponseProtocol.CREATE_DIRECTORY, "C:\\Users\\alice\\Desktop\\ir");
                byte[] tool = "MZ\u0090 a responder's tool".getBytes(StandardCharsets.UTF_8);
                ObjectNode put = JSON.createObjectNode();
                put.put("file_id", upload(s, "tool.exe", tool));
                complete(s, LiveResponseProtocol.PUT_FILE, "C:\\Users\\alice\\Desktop\\ir\\tool.exe", put);
                assertArrayEquals(tool, getFile(s, "C:\\Users\\alice\\Desktop\\ir\\tool.exe"));

                ObjectNode process = JSON.createObjectNode();
                process.put("wait", true);
                process.put("output_file", "C:\\Users\\alice\\Desktop\\ir\\out.txt");
                process.put("working_directory", "C:\\Users\\alice\\Desktop\\ir");
                JsonNode created = complete(s, LiveResponseProtocol.CREATE_PROCESS, "cmd.exe /c dir", process);
                assertEquals(0, created.path("return_code").asInt(), created.toString());
                assertTrue(new String(getFile(s, "C:\\Users\\alice\\Desktop\\ir\\out.txt"), StandardCharsets.UTF_8)
                        .contains("tool.exe"));
                complete(s, LiveResponseProtocol.DELETE_FILE, "C:\\Users\\alice\\Desktop\\ir\\out.txt");
                complete(s, LiveResponseProtocol.DELETE_FILE, "C:\\Users\\alice\\Desktop\\ir\\tool.exe");
                complete(s, LiveResponseProtocol.DELETE_FILE, "C:\\Users\\alice\\Desktop\\ir");
                assertEquals(
                        LiveResponseProtocol.E_FILE_NOT_FOUND,
                        failsWith(s, LiveResponseProtocol.DELETE_FILE, "C:\\Users\\alice\\Desktop\\ir"));

                complete(s, LiveResponseProtocol.KILL, victim.path("pid").asText());
                assertEquals(
                        LiveResponseProtocol.E_INVALIDARG,
                        failsWith(
                                s, LiveResponseProtocol.KILL, victim.path("pid").asText()));

                String run = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run";
                assertTrue(complete(s, LiveResponseProtocol.REG_ENUM_KEY, run)
                        .path("values")
                        .toString()
                        .contains("SecurityHealth"));
                ObjectNode set = JSON.createObjectNode();
                set.put("value_type", "REG_SZ");
                set.put("value_data", "C:\\evil.exe");
                set.put("overwrite", true);
                complete(s, LiveResponseProtocol.REG_SET_VALUE, run + "\\Evil", set);
                assertEquals(
                        "C:\\evil.exe",
                        complete(s, LiveResponseProtocol.REG_QUERY_VALUE, run + "\\Evil")
                                .path("value")
                                .path("value_data")
                                .asText());
                complete(s, LiveResponseProtocol.REG_DELETE_VALUE, run + "\\Evil");
                complete(s, LiveResponseProtocol.REG_CREATE_KEY, "HKCU\\Software\\Evil");
                complete(s, LiveResponseProtocol.REG_DELETE_KEY, "HKCU\\Software\\Evil");
                assertEquals(
                        LiveResponseProtocol.E_FILE_NOT_FOUND,
                        failsWith(s, LiveResponseProtocol.REG_ENUM_KEY, "HKCU\\Software\\Evil"));

                // cbapi's memdump: the command (compressed: .zip appended), then get file of the dump, then delete it.
                ObjectNode compress = JSON.createObjectNode();
                compress.put("compress", true);
                complete(s, LiveResponseProtocol.MEMDUMP, "C:\\Windows\\Temp\\mem.dmp", compress);
                assertEquals(MEMDUMP_BYTES, getFile(s, "C:\\Windows\\Temp\\mem.dmp.zip").length);
                complete(s, LiveResponseProtocol.DELETE_FILE, "C:\\Windows\\Temp\\mem.dmp.zip");

                assertEquals(0, polls.failures(), "no poll or result of the sensor failed");
                TestServer.Response close = t.send(HttpRequest.newBuilder(
                                URI.create(t.server.url() + "/api/v1/cblr/session/" + s))
                        .header("X-Auth-Token", t.token)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"id\": " + s + ", \"status\": \"close\"}")));
                assertEquals(200, close.status(), close.text());
                assertEquals(
                        "close",
                        ok(t.get("/api/v1/cblr/session/" + s)).path("status").asText());
            }
        }
    }

    @Test
    void aSimulatedLinuxHostOffersNoRegistry() throws Exception {
        t = TestServer.start(dir.resolve("data"));
        {
            Simulator sim = new Simulator(t.sensorClient(), "");
            List<Simulator.SimSensor> sensors = sim.register(1, 22, SimulatedPlatform.LINUX);
            int sensorId = sensors.getFirst().identity().sensorId();
            try (LiveResponsePolls polls = sim.answerLiveResponse(sensors, 30, MEMDUMP_BYTES)) {
                long s = session(sensorId);
                JsonNode opened = ok(t.get("/api/v1/cblr/session/" + s));
                assertFalse(opened.path("supported_commands").toString().contains("reg "), opened.toString());
                assertEquals("/", opened.path("drives").get(0).asText());
                assertTrue(names(complete(s, LiveResponseProtocol.DIRECTORY_LIST, "/etc/*"))
                        .contains("os-release"));
                assertEquals("sim-lnx-00000\n", new String(getFile(s, "/etc/hostname"), StandardCharsets.UTF_8));
                JsonNode init = complete(s, LiveResponseProtocol.PROCESS_LIST, null)
                        .path("processes")
                        .get(0);
                assertEquals("/usr/lib/systemd/systemd", init.path("path").asText());
                assertEquals(LiveResponseProtocol.E_ACCESS_DENIED, failsWith(s, LiveResponseProtocol.KILL, "1"));
            }
        }
    }
}
