package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.support.LiveResponseCalls;
import io.lampblack.server.support.TestLiveSensor;
import io.lampblack.server.support.TestServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact request sequence cbapi-python's live-response code ({@code live_response_api.py}, {@code response/cblr.py})
 * sends, replayed against a real server and a test sensor: finding or creating the session
 * ({@code GET ?active_only=true}, {@code POST}, polling the session until active), its commands (POST, then polling
 * the command until complete or error), {@code get_file}, {@code put_file}, {@code list_directory}, {@code walk},
 * {@code create_process} with output, {@code list_processes}, {@code kill_process}, {@code memdump}, closing (GET the
 * session, PUT it back with status close), re-establishing a session after a 404, and the job scheduler's pattern of
 * one worker session per sensor. Bodies are JSON with sorted keys, as cbapi writes them.
 */
class CbapiLiveResponseSequenceIT {

    @TempDir
    Path data;

    /** cbapi's client side of live response, call for call. */
    static final class Cbapi {
        private static final ObjectMapper SORTED =
                new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        final LiveResponseCalls http;
        final int sensorId;
        long sessionId;
        JsonNode sessionData;
        final List<String> requests = new ArrayList<>();

        Cbapi(TestServer s, int sensorId) {
            this.http = new LiveResponseCalls(s, s.token);
            this.sensorId = sensorId;
        }

        JsonNode get(String path) throws Exception {
            requests.add("GET " + path);
            TestServer.Response r = http.call("GET", path, null);
            if (r.status() == 404) throw new NotFound(r.text());
            if (r.status() / 100 != 2) throw new AssertionError("GET " + path + ": " + r.status() + " " + r.text());
            return r.json();
        }

        TestServer.Response post(String path, Map<String, Object> body) throws Exception {
            requests.add("POST " + path);
            return http.call("POST", path, SORTED.writeValueAsString(new TreeMap<>(body)));
        }

        /** {@code sensor.lr_session()}: reuse an open session of the sensor, else create one; wait until active. */
        Cbapi session() throws Exception {
            get("/api/v1/sensor/" + sensorId); // LiveResponseSession.__init__ reads the sensor's os_type
            long found = -1;
            for (JsonNode s : get("/api/v1/cblr/session?active_only=true")) {
                String st = s.get("status").asText();
                if (s.get("sensor_id").asInt() == sensorId && (st.equals("pending") || st.equals("active"))) {
                    found = s.get("id").asLong();
                    break;
                }
            }
            if (found < 0)
                found = post("/api/v1/cblr/session", Map.of("sensor_id", sensorId))
                        .json()
                        .get("id")
                        .asLong();
            sessionId = found;
            sessionData = poll("/api/v1/cblr/session/" + found, "active");
            return this;
        }

        /** cbapi's {@code poll_status}: GET until the status is the one wanted; "error" raises. */
        JsonNode poll(String path, String desired) throws Exception {
            for (int i = 0; i < 1200; i++) {
                JsonNode r = get(path);
                String st = r.get("status").asText();
                if (st.equals(desired)) return r;
                if (st.equals("error")) throw new LiveResponseError(r);
                Thread.sleep(50);
            }
            throw new AssertionError("timeout polling " + path);
        }

        /** {@code _lr_post_command}: checks supported_commands, re-establishes on a 404 naming the session. */
        JsonNode command(Map<String, Object> data) throws Exception {
            String name = (String) data.get("name");
            List<String> supported = new ArrayList<>();
            sessionData.get("supported_commands").forEach(c -> supported.add(c.asText()));
            if (!supported.contains(name)) throw new AssertionError("Command " + name + " not supported");
            for (int retries = 5; retries > 0; retries--) {
                Map<String, Object> body = new TreeMap<>(data);
                body.put("session_id", sessionId);
                TestServer.Response r = post("/api/v1/cblr/session/" + sessionId + "/command", body);
                if (r.status() == 404) {
                    String text = r.text();
                    boolean reestablish = text.startsWith("Sensor")
                            || text.startsWith("Session")
                            || "NOT_FOUND".equals(r.json().path("status").asText());
                    if (!reestablish) throw new AssertionError("Received 404 error from server: " + text);
                    session();
                    continue;
                }
                if (r.status() / 100 != 2) throw new AssertionError(name + ": " + r.status() + " " + r.text());
                return r.json();
            }
            throw new AssertionError("Command " + name + " failed after 5 retries");
        }

        JsonNode pollCommand(long id) throws Exception {
            return poll("/api/v1/cblr/session/" + sessionId + "/command/" + id, "complete");
        }

        byte[] getFile(String name) throws Exception {
            JsonNode resp = command(Map.of("name", "get file", "object", name));
            long fileId = resp.get("file_id").asLong();
            pollCommand(resp.get("id").asLong());
            requests.add("GET content");
            HttpResponse<InputStream> r = http.content(sessionId, fileId);
            try (InputStream in = r.body()) {
                return in.readAllBytes();
            }
        }

        void putFile(byte[] content, String remote) throws Exception {
            requests.add("POST file");
            long fileId =
                    http.upload(sessionId, "blob", content).json().get("id").asLong();
            JsonNode resp = command(Map.of("name", "put file", "object", remote, "file_id", fileId));
            pollCommand(resp.get("id").asLong());
        }

        void deleteFile(String name) throws Exception {
            pollCommand(command(Map.of("name", "delete file", "object", name))
                    .get("id")
                    .asLong());
        }

        List<JsonNode> listDirectory(String dir) throws Exception {
            JsonNode resp = command(Map.of("name", "directory list", "object", dir));
            List<JsonNode> out = new ArrayList<>();
            pollCommand(resp.get("id").asLong()).path("files").forEach(out::add);
            return out;
        }

        static String pathJoin(String... parts) {
            StringBuilder b = new StringBuilder();
            for (String p : parts) {
                String q = p.replaceAll("[\\\\/]+$", "").replaceAll("^[\\\\/]+", "");
                if (b.length() > 0) b.append('\\');
                b.append(b.length() == 0 ? p.replaceAll("[\\\\/]+$", "") : q);
            }
            return b.toString();
        }

        /** {@code walk(top)}: list {@code top\*}, recurse into directories other than "." and "..". */
        void walk(String top, List<String> out) throws Exception {
            List<String> dirs = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (JsonNode f : listDirectory(pathJoin(top, "*"))) {
                boolean dir = false;
                for (JsonNode a : f.get("attributes")) dir |= a.asText().equals("DIRECTORY");
                String n = f.get("filename").asText();
                if (dir && !n.equals(".") && !n.equals("..")) dirs.add(n);
                else if (!dir) names.add(n);
            }
            out.add(top + " " + dirs + " " + names);
            for (String d : dirs) walk(pathJoin(top, d), out);
        }

        String createProcess(String command) throws Exception {
            String out = "c:\\windows\\temp\\cblr.AbCdEf012345.tmp";
            JsonNode resp =
                    command(Map.of("name", "create process", "object", command, "wait", true, "output_file", out));
            pollCommand(resp.get("id").asLong());
            String content = new String(getFile(out));
            command(Map.of("name", "delete file", "object", out)); // cbapi does not wait for this one
            return content;
        }

        List<JsonNode> listProcesses() throws Exception {
            JsonNode resp = command(Map.of("name", "process list"));
            List<JsonNode> out = new ArrayList<>();
            pollCommand(resp.get("id").asLong()).path("processes").forEach(out::add);
            return out;
        }

        boolean killProcess(int pid) throws Exception {
            JsonNode resp = command(Map.of("name", "kill", "object", pid));
            try {
                pollCommand(resp.get("id").asLong());
                return true;
            } catch (LiveResponseError e) {
                throw e;
            }
        }

        byte[] memdump(String remote) throws Exception {
            JsonNode resp = command(Map.of("name", "memdump", "object", remote, "compress", false));
            pollCommand(resp.get("id").asLong());
            byte[] dump = getFile(remote);
            deleteFile(remote);
            return dump;
        }

        /** {@code _close_session}: GET the session, set status close, PUT it back (errors ignored). */
        void close() throws Exception {
            JsonNode s = get("/api/v1/cblr/session/" + sessionId);
            ((ObjectNode) s).put("status", "close");
            requests.add("PUT session");
            http.call("PUT", "/api/v1/cblr/session/" + sessionId, SORTED.writeValueAsString(s));
        }
    }

    static final class NotFound extends Exception {
        NotFound(String m) {
            super(m);
        }
    }

    static final class LiveResponseError extends Exception {
        final JsonNode details;

        LiveResponseError(JsonNode details) {
            super("Win32 error code 0x"
                    + Long.toHexString(details.path("result_code").asLong()));
            this.details = details;
        }
    }

    @Test
    void cbapiSessionFileProcessAndMemdumpCallsWork() throws Exception {
        try (TestServer s = TestServer.start(data);
                TestLiveSensor sensor =
                        TestLiveSensor.register(s, "CBAPI-HOST", 1, true).start()) {
            sensor.files.put("C:\\Windows\\Temp\\notes.txt", "remote notes".getBytes());
            sensor.dirs.add("C:\\Windows\\Temp\\sub");
            sensor.files.put("C:\\Windows\\Temp\\sub\\deep.txt", "deep".getBytes());

            Cbapi cb = new Cbapi(s, sensor.id.sensorId()).session();
            assertEquals("active", cb.sessionData.get("status").asText());

            assertArrayEquals("remote notes".getBytes(), cb.getFile("C:\\Windows\\Temp\\notes.txt"));
            byte[] payload = "payload from the analyst".repeat(100).getBytes();
            cb.putFile(payload, "C:\\Windows\\Temp\\payload.bin");
            assertArrayEquals(payload, sensor.files.get("C:\\Windows\\Temp\\payload.bin"));

            List<String> names = cb.listDirectory("C:\\Windows\\Temp\\").stream()
                    .map(f -> f.get("filename").asText())
                    .toList();
            assertTrue(names.containsAll(List.of(".", "..", "sub", "notes.txt", "payload.bin")), names.toString());

            List<String> walked = new ArrayList<>();
            cb.walk("C:\\Windows\\Temp", walked);
            assertEquals(
                    List.of("C:\\Windows\\Temp [sub] [notes.txt, payload.bin]", "C:\\Windows\\Temp\\sub [] [deep.txt]"),
                    walked);

            assertEquals("output of ipconfig /all\r\n", cb.createProcess("ipconfig /all"));
            assertFalse(
                    awaitDeleted(sensor, "c:\\windows\\temp\\cblr.AbCdEf012345.tmp"),
                    "the output file is deleted afterwards");

            List<JsonNode> procs = cb.listProcesses();
            assertTrue(procs.stream().anyMatch(p -> p.get("pid").asInt() == 1234));
            assertTrue(cb.killProcess(1234));
            assertFalse(cb.listProcesses().stream().anyMatch(p -> p.get("pid").asInt() == 1234));
            LiveResponseError e =
                    org.junit.jupiter.api.Assertions.assertThrows(LiveResponseError.class, () -> cb.killProcess(99999));
            assertEquals(0x80070057L, e.details.get("result_code").asLong());

            byte[] dump = cb.memdump("c:\\windows\\temp\\cblr.memdump.tmp");
            assertTrue(new String(dump).startsWith("memory of the test host"));
            assertFalse(sensor.files.containsKey("c:\\windows\\temp\\cblr.memdump.tmp"));

            cb.close();
            assertEquals(
                    "close",
                    new LiveResponseCalls(s, s.token)
                            .ok("GET", "/api/v1/cblr/session/" + cb.sessionId, null)
                            .get("status")
                            .asText());
        }
    }

    /** The output file's delete is not waited for by cbapi; wait for it here before checking. */
    private static boolean awaitDeleted(TestLiveSensor sensor, String path) throws InterruptedException {
        for (int i = 0; i < 600 && sensor.files.containsKey(path); i++) Thread.sleep(20);
        return sensor.files.containsKey(path);
    }

    @Test
    void sessionsAreReusedAndReestablishedAfterAClose() throws Exception {
        try (TestServer s = TestServer.start(data);
                TestLiveSensor sensor =
                        TestLiveSensor.register(s, "CBAPI-REUSE", 1, true).start()) {
            Cbapi first = new Cbapi(s, sensor.id.sensorId()).session();
            Cbapi second = new Cbapi(s, sensor.id.sensorId()).session();
            assertEquals(first.sessionId, second.sessionId, "the second client reuses the open session");
            assertFalse(second.requests.contains("POST /api/v1/cblr/session"));

            long before = first.sessionId;
            first.close();
            // The second client's next command gets a 404 naming the session, opens a new one and retries.
            assertEquals(2, second.listProcesses().size());
            assertNotEquals(before, second.sessionId);
            assertTrue(second.requests.contains("POST /api/v1/cblr/session"));
        }
    }

    /**
     * The job scheduler ({@code cb.live_response.submit_job}): one worker per sensor opens (or reuses) the sensor's
     * session, runs the submitted jobs in it one after another, and closes it when its queue is empty; workers for
     * several sensors run at once.
     */
    @Test
    void jobSchedulerPatternRunsJobsOnSeveralSensorsAtOnce() throws Exception {
        try (TestServer s = TestServer.start(data);
                TestLiveSensor a = TestLiveSensor.register(s, "JOB-A", 1, true).start();
                TestLiveSensor b = TestLiveSensor.register(s, "JOB-B", 1, true).start();
                ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            a.files.put("c:\\test.txt", "from A".getBytes());
            b.files.put("c:\\test.txt", "from B".getBytes());
            // _spawn_new_workers: the scheduler lists the sensors and starts workers for those online with jobs.
            JsonNode sensors = new LiveResponseCalls(s, s.token).ok("GET", "/api/v1/sensor", null);
            assertTrue(sensors.size() >= 2);
            List<Future<List<String>>> results = new ArrayList<>();
            for (TestLiveSensor t : List.of(a, b)) {
                results.add(workers.submit(() -> {
                    Cbapi worker = new Cbapi(s, t.id.sensorId()).session(); // JobWorker.run: request_session
                    List<String> out = new ArrayList<>();
                    for (int job = 0; job < 3; job++) out.add(new String(worker.getFile("c:\\test.txt"))); // GetFileJob
                    worker.close(); // the worker exits: its session is closed
                    return out;
                }));
            }
            assertEquals(List.of("from A", "from A", "from A"), results.get(0).get());
            assertEquals(List.of("from B", "from B", "from B"), results.get(1).get());
            assertEquals(
                    0,
                    new LiveResponseCalls(s, s.token)
                            .ok("GET", "/api/v1/cblr/session?active_only=true", null)
                            .size());
        }
    }
}
