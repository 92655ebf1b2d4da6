package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.support.ApiCalls;
import io.lampblack.server.support.LiveResponseCalls;
import io.lampblack.server.support.TestLiveSensor;
import io.lampblack.server.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live response end to end: a real server, a test sensor on {@link SensorClient}'s poll, result and file calls, and
 * clients on {@code /api/v1/cblr} — sessions, every command of the catalogue, files both ways, cancel and close, the
 * refusals, what check-ins tell the sensor, the archive and the audit log.
 */
class LiveResponseIT {

    private static final String BASE = LiveResponseCalls.BASE;

    @TempDir
    Path data;

    @Test
    void sessionIsSharedAndEveryCommandReachesTheSensorWithItsKeys() throws Exception {
        try (TestServer s = TestServer.start(data);
                TestLiveSensor sensor =
                        TestLiveSensor.register(s, "LR-HOST-1", 1, true).start()) {
            LiveResponseCalls lr = new LiveResponseCalls(s, s.token);
            assertTrue(s.get("/api/v1/sensor/" + sensor.id.sensorId())
                    .json()
                    .get("supports_cblr")
                    .asBoolean());

            JsonNode session = lr.activeSession(sensor.id.sensorId());
            long sid = session.get("id").asLong();
            assertEquals(
                    LiveResponseProtocol.ALL_COMMANDS.size(),
                    session.get("supported_commands").size());
            assertEquals("C:\\", session.get("drives").get(0).asText());
            assertEquals(
                    "C:\\Windows\\CarbonBlack",
                    session.get("current_working_directory").asText());
            assertEquals("LR-HOST-1", session.get("hostname").asText());
            assertEquals(300, session.get("session_timeout").asInt());
            assertEquals(120, session.get("sensor_wait_timeout").asInt());
            assertEquals(1200, session.get("check_in_timeout").asInt());
            assertTrue(session.get("storage_size").isTextual());
            assertTrue(session.get("create_time").isDouble());

            // A second client asking for a session on the same sensor gets the same one.
            assertEquals(
                    sid,
                    lr.ok("POST", BASE, "{\"sensor_id\": " + sensor.id.sensorId() + "}")
                            .get("id")
                            .asLong());
            JsonNode open = lr.ok("GET", BASE + "?active_only=true", null);
            assertEquals(1, open.size());
            assertEquals(sensor.id.sensorId(), open.get(0).get("sensor_id").asInt());

            sensor.files.put("C:\\Windows\\Temp\\a.txt", "hello from the host".getBytes());
            JsonNode list = lr.run(sid, "{\"name\": \"directory list\", \"object\": \"C:\\\\Windows\\\\Temp\\\\\"}");
            assertEquals("complete", list.get("status").asText());
            assertEquals(List.of(".", "..", "a.txt"), list.get("files").findValuesAsText("filename"));

            JsonNode ps = lr.run(sid, "{\"name\": \"process list\"}");
            assertEquals(2, ps.get("processes").size());
            assertEquals(
                    "NT AUTHORITY\\SYSTEM",
                    ps.get("processes").get(0).get("username").asText());

            // get file: the file id is in the POST reply; offset and get_count reach the sensor.
            JsonNode get = lr.ok(
                    "POST",
                    BASE + "/" + sid + "/command",
                    "{\"name\": \"get file\", \"object\": \"C:\\\\Windows\\\\Temp\\\\a.txt\", \"offset\": 6,"
                            + " \"get_count\": 4}");
            assertTrue(get.get("file_id").canConvertToLong(), get.toString());
            assertEquals(
                    "complete",
                    lr.done(sid, get.get("id").asLong()).get("status").asText());
            assertEquals(
                    "from", new String(lr.contentBytes(sid, get.get("file_id").asLong())));

            // put file: multipart upload (part "file"), then the sensor downloads it.
            byte[] payload = "uploaded by the analyst\n".repeat(1000).getBytes();
            JsonNode up = lr.upload(sid, "tool.exe", payload).json();
            assertEquals("tool.exe", up.get("file_name").asText());
            assertEquals(payload.length, up.get("size").asLong());
            JsonNode put = lr.run(
                    sid,
                    "{\"name\": \"put file\", \"object\": \"C:\\\\Windows\\\\Temp\\\\tool.exe\", \"file_id\": "
                            + up.get("id").asLong() + "}");
            assertEquals("complete", put.get("status").asText(), put.toString());
            assertArrayEquals(payload, sensor.files.get("C:\\Windows\\Temp\\tool.exe"));

            // create process with its keys, and the registry commands with theirs.
            JsonNode proc = lr.run(
                    sid,
                    "{\"name\": \"create process\", \"object\": \"cmd.exe /c dir\", \"wait\": true,"
                            + " \"output_file\": \"C:\\\\Windows\\\\Temp\\\\out.txt\","
                            + " \"working_directory\": \"C:\\\\Windows\"}");
            assertEquals(0, proc.get("return_code").asInt());
            assertTrue(proc.get("pid").asInt() > 0);
            assertEquals(true, proc.get("wait").asBoolean(), "the request's keys stay on the command");
            JsonNode reg = lr.run(
                    sid,
                    "{\"name\": \"reg set value\", \"object\": \"HKLM\\\\Software\\\\X\\\\V\", \"overwrite\": true,"
                            + " \"value_type\": \"REG_MULTI_SZ\", \"value_data\": [\"a\", \"b\"]}");
            assertEquals("complete", reg.get("status").asText());
            JsonNode enumKey = lr.run(sid, "{\"name\": \"reg enum key\", \"object\": \"HKLM\\\\Software\\\\X\"}");
            assertEquals("Sub", enumKey.get("sub_keys").get(0).asText());
            assertEquals(
                    "REG_SZ", enumKey.get("values").get(0).get("value_type").asText());
            for (String name : List.of("reg query value", "reg create key", "reg delete key", "reg delete value")) {
                assertEquals(
                        "complete",
                        lr.run(sid, "{\"name\": \"" + name + "\", \"object\": \"HKLM\\\\X\"}")
                                .get("status")
                                .asText());
            }
            assertEquals(
                    "complete",
                    lr.run(sid, "{\"name\": \"create directory\", \"object\": \"C:\\\\new\"}")
                            .get("status")
                            .asText());
            assertTrue(sensor.dirs.contains("C:\\new"));
            JsonNode mem = lr.run(
                    sid, "{\"name\": \"memdump\", \"object\": \"C:\\\\Windows\\\\Temp\\\\m.dmp\", \"compress\": true}");
            assertEquals("complete", mem.get("status").asText());
            assertTrue(lr.contentBytes(sid, mem.get("file_id").asLong()).length > 1000);
            assertEquals(
                    "complete",
                    lr.run(sid, "{\"name\": \"kill\", \"object\": 1234}")
                            .get("status")
                            .asText());
            assertFalse(sensor.processes.containsKey(1234));
            assertEquals(
                    "complete",
                    lr.run(sid, "{\"name\": \"delete file\", \"object\": \"C:\\\\Windows\\\\Temp\\\\a.txt\"}")
                            .get("status")
                            .asText());

            Map<String, Work> byName = new LinkedHashMap<>();
            for (Work w : sensor.received) if (w.name() != null) byName.put(w.name(), w);
            assertEquals(
                    new java.util.TreeSet<>(LiveResponseProtocol.ALL_COMMANDS),
                    new java.util.TreeSet<>(byName.keySet()),
                    "every command of the catalogue reached the sensor");
            Work cp = byName.get("create process");
            assertEquals("cmd.exe /c dir", cp.object());
            assertTrue(cp.args().get("wait").asBoolean());
            assertEquals(
                    "C:\\Windows\\Temp\\out.txt", cp.args().get("output_file").asText());
            assertEquals("C:\\Windows", cp.args().get("working_directory").asText());
            Work rs = byName.get("reg set value");
            assertEquals("REG_MULTI_SZ", rs.args().get("value_type").asText());
            assertEquals(2, rs.args().get("value_data").size());
            assertTrue(rs.args().get("overwrite").asBoolean());
            assertEquals(6, byName.get("get file").args().get("offset").asInt());
            assertEquals(4, byName.get("get file").args().get("get_count").asInt());
            assertTrue(byName.get("memdump").args().get("compress").asBoolean());
            assertEquals("1234", byName.get("kill").object());
            assertEquals(payload.length, byName.get("put file").fileSize());

            String metrics = s.get("/metrics").text();
            assertTrue(metrics.contains("lampblack_lr_sessions_open 1.0"), metrics);
            assertTrue(metrics.contains("lampblack_lr_commands_total"), metrics);

            // The command list holds them all, in order.
            JsonNode all = lr.ok("GET", BASE + "/" + sid + "/command", null);
            assertEquals(
                    sensor.received.stream().filter(w -> w.commandId() != null).count(), all.size());
            assertEquals(1, all.get(0).get("id").asInt());
        }
    }

    @Test
    void errorsCarryTheHresultAndEndedSessionsAnswerAsCbapiExpects() throws Exception {
        try (TestServer s = TestServer.start(data);
                TestLiveSensor sensor =
                        TestLiveSensor.register(s, "LR-HOST-2", 1, true).start()) {
            LiveResponseCalls lr = new LiveResponseCalls(s, s.token);
            long sid = lr.activeSession(sensor.id.sensorId()).get("id").asLong();

            JsonNode missing = lr.run(sid, "{\"name\": \"get file\", \"object\": \"C:\\\\nope.txt\"}");
            assertEquals("error", missing.get("status").asText());
            assertEquals(
                    LiveResponseProtocol.E_FILE_NOT_FOUND,
                    missing.get("result_code").asLong());
            assertEquals("WinHresult", missing.get("result_type").asText());
            assertTrue(missing.get("result_desc").asText().contains("nope.txt"));
            JsonNode file = lr.ok(
                    "GET", BASE + "/" + sid + "/file/" + missing.get("file_id").asLong(), null);
            assertEquals(
                    LiveResponseProtocol.E_FILE_NOT_FOUND, file.get("status").asLong());

            assertEquals(
                    400,
                    lr.call("POST", BASE + "/" + sid + "/command", "{\"name\": \"format c:\"}")
                            .status());
            assertEquals(
                    400,
                    lr.call(
                                    "POST",
                                    BASE + "/" + sid + "/command",
                                    "{\"name\": \"put file\", \"object\": \"C:\\\\x\"," + " \"file_id\": 999}")
                            .status(),
                    "put file must name an uploaded file");

            // Cancel a command that runs until cancelled: the sensor is told, the command shows cancel.
            JsonNode hang = lr.ok(
                    "POST", BASE + "/" + sid + "/command", "{\"name\": \"create process\", \"object\":" + " \"hang\"}");
            long hid = hang.get("id").asLong();
            assertEquals("pending", hang.get("status").asText());
            // Taken by the sensor first (a command it had not taken would be withdrawn, and no cancel sent).
            awaitCommand(sensor, hid);
            JsonNode cancelled =
                    lr.ok("PUT", BASE + "/" + sid + "/command/" + hid, "{\"id\": " + hid + ", \"status\": \"cancel\"}");
            assertEquals("cancel", cancelled.get("status").asText());
            awaitWork(sensor, LiveResponseProtocol.CANCEL);
            assertEquals(
                    "cancel",
                    lr.ok("GET", BASE + "/" + sid + "/command/" + hid, null)
                            .get("status")
                            .asText());

            // Close the way cbapi does: GET the session, set status close, PUT it back.
            JsonNode doc = lr.ok("GET", BASE + "/" + sid, null);
            ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("status", "close");
            assertEquals(
                    "close",
                    lr.ok("PUT", BASE + "/" + sid, doc.toString()).get("status").asText());
            awaitWork(sensor, LiveResponseProtocol.CLOSE);

            // A command for the closed session: 404 whose JSON says NOT_FOUND (cbapi then opens a new session).
            TestServer.Response closed = lr.call(
                    "POST", BASE + "/" + sid + "/command", "{\"name\": \"process list\", \"session_id\": " + sid + "}");
            assertEquals(404, closed.status());
            assertEquals("NOT_FOUND", closed.json().get("status").asText());
            assertTrue(closed.json().get("message").asText().startsWith("Session"));
            TestServer.Response unknown = lr.call("GET", BASE + "/987654/command/1", null);
            assertEquals(404, unknown.status());
            assertEquals("NOT_FOUND", unknown.json().get("status").asText());
            assertEquals(0, lr.ok("GET", BASE + "?active_only=true", null).size());
            assertEquals("close", lr.ok("GET", BASE, null).get(0).get("status").asText(), "ended sessions still list");

            // A new session for the sensor is a new one.
            long again = lr.activeSession(sensor.id.sensorId()).get("id").asLong();
            assertTrue(again > sid);
        }
    }

    @Test
    void refusalsAndAccess() throws Exception {
        try (TestServer s = TestServer.start(data, "lr-max-sessions", "1");
                TestLiveSensor a = TestLiveSensor.register(s, "LR-A", 1, true).start();
                TestLiveSensor b = TestLiveSensor.register(s, "LR-B", 1, true).start();
                TestLiveSensor old = TestLiveSensor.register(s, "LR-OLD", 1, false)) {
            LiveResponseCalls admin = new LiveResponseCalls(s, s.token);
            TestServer.Response unsupported = admin.call("POST", BASE, "{\"sensor_id\": " + old.id.sensorId() + "}");
            assertEquals(409, unsupported.status());
            assertEquals("cblr_not_supported", unsupported.json().get("reason").asText());
            TestServer.Response nobody = admin.call("POST", BASE, "{\"sensor_id\": 424242}");
            assertEquals(404, nobody.status());
            assertTrue(nobody.json().get("message").asText().startsWith("Sensor"));
            assertEquals(400, admin.call("POST", BASE, "{\"sensor_id\": \"x\"}").status());

            long sid = admin.activeSession(a.id.sensorId()).get("id").asLong();
            TestServer.Response full = admin.call("POST", BASE, "{\"sensor_id\": " + b.id.sensorId() + "}");
            assertEquals(429, full.status(), "--lr-max-sessions 1");
            assertEquals("too_many_sessions", full.json().get("reason").asText());

            // Roles: a Viewer of group 1 may not use live response, a user without access does not see it.
            ApiCalls api = new ApiCalls(s);
            int viewers = api.createTeam("lr viewers", 1, "Viewer");
            int none = api.createTeam("lr none", 1, "No Access");
            int admins = api.createTeam("lr admins", 1, "Administrator");
            LiveResponseCalls viewer =
                    new LiveResponseCalls(s, api.createUser("lr-viewer", "viewer password", false, viewers));
            LiveResponseCalls stranger =
                    new LiveResponseCalls(s, api.createUser("lr-none", "none password", false, none));
            LiveResponseCalls groupAdmin =
                    new LiveResponseCalls(s, api.createUser("lr-admin", "admin password", false, admins));
            assertEquals(403, viewer.call("GET", BASE + "/" + sid, null).status());
            assertEquals(
                    403,
                    viewer.call("POST", BASE, "{\"sensor_id\": " + a.id.sensorId() + "}")
                            .status());
            assertEquals(0, viewer.ok("GET", BASE, null).size(), "a Viewer lists no sessions");
            assertEquals(404, stranger.call("GET", BASE + "/" + sid, null).status());
            // Creation needs the Administrator role in some group (the router) before the sensor's group is read.
            assertEquals(
                    403,
                    stranger.call("POST", BASE, "{\"sensor_id\": " + a.id.sensorId() + "}")
                            .status());
            assertEquals(
                    sid,
                    groupAdmin
                            .ok("POST", BASE, "{\"sensor_id\": " + a.id.sensorId() + "}")
                            .get("id")
                            .asLong());
            assertEquals(
                    "complete",
                    groupAdmin
                            .run(sid, "{\"name\": \"process list\"}")
                            .get("status")
                            .asText());

            // One poll per sensor: a second one while the first is held is refused...
            awaitPolling(s, a);
            SensorClient.SensorProtocolException second = org.junit.jupiter.api.Assertions.assertThrows(
                    SensorClient.SensorProtocolException.class, () -> a.client.pollLiveResponse(a.id, 1));
            assertEquals(409, second.status());
            assertEquals("poll_in_progress", second.reason());
            // ... unless the sensor says its previous poll broke (the connection died unseen, and it reconnected): the
            // held one is replaced and ends empty, the sensor is not turned away, and later work still reaches it.
            a.client.pollLiveResponse(a.id, 1, true);
            assertEquals(
                    "complete",
                    groupAdmin
                            .run(sid, "{\"name\": \"process list\"}")
                            .get("status")
                            .asText());

            // Session and command events are in the audit log, with user, sensor and command.
            s.server.access().audit().flush(Duration.ofSeconds(30));
            List<String> lrEntries = s.server.access().audit().recent(500).stream()
                    .filter(en -> en.method().equals("LR"))
                    .map(en -> en.username() + " " + en.description())
                    .toList();
            assertTrue(
                    lrEntries.stream()
                            .anyMatch(x ->
                                    x.startsWith("admin sensor " + a.id.sensorId()) && x.contains("session opened")),
                    lrEntries.toString());
            assertTrue(
                    lrEntries.stream()
                            .anyMatch(x ->
                                    x.startsWith("lr-admin sensor " + a.id.sensorId() + ": process list: complete")),
                    lrEntries.toString());
        }
    }

    /**
     * An Administrator of another group reaches no route of a session of group 1, and is answered exactly as for an
     * unknown session (the same live-response 404 body), so that naming ids finds nothing; the list shows none.
     */
    @Test
    void anotherGroupsAdministratorReachesNothingOfASession() throws Exception {
        try (TestServer s = TestServer.start(data);
                TestLiveSensor a = TestLiveSensor.register(s, "LR-G1", 1, true).start()) {
            a.files.put("C:\\secret.txt", "secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            LiveResponseCalls admin = new LiveResponseCalls(s, s.token);
            long sid = admin.activeSession(a.id.sensorId()).get("id").asLong();
            JsonNode get = admin.run(sid, "{\"name\": \"get file\", \"object\": \"C:\\\\secret.txt\"}");
            assertEquals("complete", get.get("status").asText(), get.toString());
            long fid = get.get("file_id").asLong();
            long cid = get.get("id").asLong();

            int other = s.server.sensors().registry().createGroup("Other").id();
            ApiCalls api = new ApiCalls(s);
            int admins = api.createTeam("other admins", other, "Administrator");
            LiveResponseCalls intruder =
                    new LiveResponseCalls(s, api.createUser("lr-other", "other password", false, admins));
            String at = BASE + "/" + sid;
            List<String[]> routes = List.of(
                    new String[] {"GET", at, null},
                    new String[] {"GET", at + "/keepalive", null},
                    new String[] {"GET", at + "/command", null},
                    new String[] {"POST", at + "/command", "{\"name\": \"kill\", \"object\": 4}"},
                    new String[] {"GET", at + "/command/" + cid, null},
                    new String[] {"GET", at + "/command/" + cid + "?wait=true", null},
                    new String[] {"PUT", at + "/command/" + cid, "{\"status\": \"cancel\"}"},
                    new String[] {"GET", at + "/file", null},
                    new String[] {"GET", at + "/file/" + fid, null},
                    new String[] {"GET", at + "/file/" + fid + "/content", null},
                    new String[] {"PUT", at + "/file/" + fid, "{\"delete\": true}"},
                    new String[] {"DELETE", at + "/file/" + fid, null},
                    new String[] {"GET", at + "/archive", null},
                    new String[] {"PUT", at, "{\"status\": \"close\"}"});
            for (String[] r : routes) {
                TestServer.Response mine = intruder.call(r[0], r[1], r[2]);
                TestServer.Response unknown = intruder.call(r[0], r[1].replace(at, BASE + "/424242"), r[2]);
                assertEquals(404, mine.status(), r[0] + " " + r[1] + ": " + mine.text());
                assertEquals(
                        unknown.text().replace("424242", Long.toString(sid)),
                        mine.text(),
                        r[0] + " " + r[1] + " answers as for an unknown session");
            }
            TestServer.Response upload = intruder.upload(sid, "x.bin", new byte[10]);
            assertEquals(404, upload.status(), upload.text());
            assertEquals("NOT_FOUND", upload.json().get("status").asText());
            assertEquals(0, intruder.ok("GET", BASE, null).size(), "the list shows no session of group 1");

            // Nothing changed: the session is open, its command log and its file are as they were.
            assertEquals("active", admin.ok("GET", at, null).get("status").asText());
            assertEquals(1, admin.ok("GET", at + "/command", null).size());
            assertEquals(
                    List.of(Work.open(sid).type(), LiveResponseProtocol.COMMAND),
                    a.received.stream().map(Work::type).toList());
            assertEquals("secret", new String(admin.contentBytes(sid, fid), java.nio.charset.StandardCharsets.UTF_8));

            // The sensor moves to the other group: so does its session, for the list and every route.
            assertEquals(
                    204,
                    admin.call(
                                    "PUT",
                                    "/api/v1/sensor/" + a.id.sensorId(),
                                    SensorIsolationIT.saveBody(null, other, false, false, false))
                            .status());
            assertEquals(1, intruder.ok("GET", BASE, null).size());
            assertEquals("active", intruder.ok("GET", at, null).get("status").asText());
        }
    }

    /**
     * An upload takes its room in the storage budget before its body is read, and the multipart parser stops at it:
     * no upload, however it is shaped (larger than what is left, many parts), puts more on the disk than the cap
     * allows, and what it refused leaves nothing behind.
     */
    @Test
    void uploadsNeverHoldMoreThanTheStorageCap() throws Exception {
        try (TestServer s = TestServer.start(data, "lr-max-storage", "1048576");
                TestLiveSensor a = TestLiveSensor.register(s, "LR-CAP", 1, true).start()) {
            LiveResponseCalls admin = new LiveResponseCalls(s, s.token);
            long sid = admin.activeSession(a.id.sensorId()).get("id").asLong();
            assertEquals(200, admin.upload(sid, "a.bin", new byte[700_000]).status());
            TestServer.Response over = admin.upload(sid, "b.bin", new byte[500_000]);
            assertEquals(413, over.status(), over.text());
            assertEquals(700_000, s.server.liveResponse().liveResponse().storageBytes());

            // Three parts, each small: refused whole.
            String boundary = "----lampblack-three-parts";
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                body.append("--")
                        .append(boundary)
                        .append("\r\nContent-Disposition: form-data; name=\"file")
                        .append(i == 0 ? "" : Integer.toString(i))
                        .append("\"; filename=\"p")
                        .append(i)
                        .append("\"\r\n\r\n")
                        .append("x".repeat(100))
                        .append("\r\n");
            }
            body.append("--").append(boundary).append("--\r\n");
            TestServer.Response many =
                    s.send(HttpRequest.newBuilder(URI.create(s.server.url() + BASE + "/" + sid + "/file"))
                            .header("X-Auth-Token", s.token)
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
            assertTrue(many.status() == 400 || many.status() == 413, many.status() + " " + many.text());

            assertEquals(1, admin.ok("GET", BASE + "/" + sid + "/file", null).size(), "only the first upload");
            assertEquals(700_000, s.server.liveResponse().liveResponse().storageBytes());
            try (var left = Files.walk(data.resolve("liveresponse").resolve("tmp"))) {
                assertEquals(List.of(), left.filter(Files::isRegularFile).toList(), "nothing refused stays on disk");
            }
        }
    }

    @Test
    void checkInsTellTheSensorOfItsSessionUntilItPolls() throws Exception {
        try (TestServer s = TestServer.start(data);
                TestLiveSensor sensor = TestLiveSensor.register(s, "LR-LATE", 1, true)) {
            LiveResponseCalls lr = new LiveResponseCalls(s, s.token);
            var quiet = sensor.client.checkin(sensor.id, List.of());
            assertFalse(quiet.liveResponse());
            long sid = lr.ok("POST", BASE, "{\"sensor_id\": " + sensor.id.sensorId() + "}")
                    .get("id")
                    .asLong();
            assertEquals(
                    "pending",
                    lr.ok("GET", BASE + "/" + sid, null).get("status").asText());

            var told = sensor.client.checkin(sensor.id, List.of());
            assertTrue(told.liveResponse(), "the check-in answer says a session waits");
            assertTrue(told.checkinIntervalSeconds() <= 5, "and asks the sensor back soon");
            sensor.client.uploadBinary(sensor.id, "a binary".getBytes());
            assertTrue(sensor.client.checkinNowHinted(sensor.id.sensorId()), "other answers say check in now");

            sensor.start();
            assertEquals(
                    "active",
                    lr.awaitStatus(BASE + "/" + sid, "active", 600)
                            .get("status")
                            .asText());
            sensor.client.uploadBinary(sensor.id, "another binary".getBytes());
            assertFalse(sensor.client.checkinNowHinted(sensor.id.sensorId()), "the sensor took it up");
            assertTrue(sensor.client.checkin(sensor.id, List.of()).liveResponse(), "still open");
            lr.ok("PUT", BASE + "/" + sid, "{\"id\": " + sid + ", \"status\": \"close\"}");
            assertFalse(sensor.client.checkin(sensor.id, List.of()).liveResponse());
        }
    }

    @Test
    void archiveHoldsTheCommandLogAndTheFiles() throws Exception {
        try (TestServer s = TestServer.start(data);
                TestLiveSensor sensor =
                        TestLiveSensor.register(s, "LR-ARCH", 1, true).start()) {
            LiveResponseCalls lr = new LiveResponseCalls(s, s.token);
            long sid = lr.activeSession(sensor.id.sensorId()).get("id").asLong();
            sensor.files.put("C:\\evidence.log", "evidence".getBytes());
            JsonNode get = lr.run(sid, "{\"name\": \"get file\", \"object\": \"C:\\\\evidence.log\"}");
            long fid = get.get("file_id").asLong();
            // A name that tries to leave the session's directory is only a name.
            JsonNode up = lr.upload(sid, "../../../etc/passwd", "not a path".getBytes())
                    .json();
            assertEquals("../../../etc/passwd", up.get("file_name").asText());
            assertFalse(Files.exists(data.resolve("liveresponse/etc/passwd")));

            Map<String, byte[]> entries = archive(s, sid);
            String root = "session-" + sid + "/";
            assertEquals(
                    lr.ok("GET", BASE + "/" + sid + "/file", null),
                    com.fasterxml.jackson.databind.json.JsonMapper.builder()
                            .build()
                            .readTree(entries.get(root + "files.json")),
                    "files.json lists the files as GET .../file shows them");
            assertEquals("evidence", new String(entries.get(root + "files/" + fid)));
            assertEquals(
                    "not a path",
                    new String(entries.get(root + "files/" + up.get("id").asLong())));
            String log = new String(entries.get(root + "commands.json"), StandardCharsets.UTF_8);
            assertTrue(log.contains("C:\\\\evidence.log"), log);
            assertTrue(new String(entries.get(root + "session.json")).contains("\"id\":" + sid));

            // Files can be deleted.
            assertEquals(
                    200,
                    lr.call("DELETE", BASE + "/" + sid + "/file/" + fid, null).status());
            assertEquals(
                    404,
                    lr.call("GET", BASE + "/" + sid + "/file/" + fid + "/content", null)
                            .status());
            assertEquals(1, lr.ok("GET", BASE + "/" + sid + "/file", null).size());

            // Once the session ended, the results leave memory; the archive's command log still has them.
            JsonNode ps = lr.run(sid, "{\"name\": \"process list\"}");
            String cmd = BASE + "/" + sid + "/command/" + ps.get("id").asLong();
            assertTrue(lr.ok("GET", cmd, null).has("processes"));
            lr.ok("PUT", BASE + "/" + sid, "{\"status\": \"close\"}");
            assertFalse(lr.ok("GET", cmd, null).has("processes"));
            JsonNode kept = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .build()
                    .readTree(archive(s, sid).get(root + "commands.json"));
            assertTrue(kept.get(kept.size() - 1).has("processes"), kept.toString());
        }
    }

    /**
     * A hostile sensor cannot exhaust the heap through its results: it may send two at once (a third is refused
     * before its body is read), memory is reserved as a body arrives and not as it is announced, and a small body
     * that would make a huge tree ({@code {},{},...}) is refused before it is parsed. Its pending command is untouched.
     */
    @Test
    void aSensorsResultsInFlightAreBoundedInNumberAndMemory() throws Exception {
        try (TestServer s = TestServer.start(data);
                TestLiveSensor sensor =
                        TestLiveSensor.register(s, "LR-RESULTS", 1, true).start()) {
            LiveResponseCalls lr = new LiveResponseCalls(s, s.token);
            long sid = lr.activeSession(sensor.id.sensorId()).get("id").asLong();
            long hang = lr.ok(
                            "POST",
                            BASE + "/" + sid + "/command",
                            "{\"name\": \"create process\", \"object\": \"hang\"}")
                    .get("id")
                    .asLong();
            var budget = s.server.liveResponse().resultsInFlight();

            // Two results announcing 16 MiB each, sending one byte: they hold what arrived, not what they announce.
            List<javax.net.ssl.SSLSocket> slow = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    javax.net.ssl.SSLSocket c =
                            io.lampblack.server.support.RawHttps.open(URI.create(s.server.url()), 30_000);
                    String head = "POST " + LiveResponseProtocol.RESULT + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "X-Sensor-Id: " + sensor.id.sensorId() + "\r\nX-Sensor-Secret: " + sensor.id.secret()
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + (16 << 20) + "\r\n\r\n{";
                    c.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                    c.getOutputStream().flush();
                    slow.add(c);
                }
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (budget.inUse() < 2 * (64 << 10) && System.nanoTime() < deadline) Thread.sleep(20);
                assertEquals(2 * (64 << 10), budget.inUse(), "each holds its first 64 KiB, not 16 MiB");

                SensorClient.SensorProtocolException third = org.junit.jupiter.api.Assertions.assertThrows(
                        SensorClient.SensorProtocolException.class,
                        () -> sensor.client.liveResponseResult(
                                sensor.id, LiveResponseProtocol.Result.complete(sid, hang, null)));
                assertEquals(429, third.status());
                assertEquals("results_in_progress", third.reason());
            } finally {
                for (var c : slow) c.close();
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (budget.inUse() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(0, budget.inUse(), "the broken results gave their memory back");

            // 6 MB of empty objects would take about 200 MiB once parsed: refused before it is.
            String bomb = "{\"session_id\": " + sid + ", \"command_id\": " + hang + ", \"status\": \"complete\","
                    + " \"result\": {\"x\": [" + "{},".repeat(2_000_000) + "{}]}}";
            TestServer.Response refused =
                    s.send(HttpRequest.newBuilder(URI.create(s.server.url() + LiveResponseProtocol.RESULT))
                            .header("X-Sensor-Id", Integer.toString(sensor.id.sensorId()))
                            .header("X-Sensor-Secret", sensor.id.secret())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bomb)));
            assertEquals(413, refused.status(), refused.json().toString());
            assertEquals("upload_too_large", refused.json().get("reason").asText());
            assertEquals(0, budget.inUse());
            assertEquals(
                    "pending",
                    lr.ok("GET", BASE + "/" + sid + "/command/" + hang, null)
                            .get("status")
                            .asText());
        }
    }

    /**
     * The audit log keeps a command line whole (up to 1,024 characters), as an auditor reads it through
     * {@code /api/useractivity}: padding it with spaces does not push the payload out of the record.
     */
    @Test
    void theAuditLogKeepsTheWholeCommandLine() throws Exception {
        try (TestServer s = TestServer.start(data);
                TestLiveSensor sensor =
                        TestLiveSensor.register(s, "LR-AUDIT", 1, true).start()) {
            LiveResponseCalls lr = new LiveResponseCalls(s, s.token);
            long sid = lr.activeSession(sensor.id.sensorId()).get("id").asLong();
            String line = "cmd /c echo" + " ".repeat(240) + "& powershell -enc SQBFAFgA";
            lr.run(
                    sid,
                    "{\"name\": \"create process\", \"object\": \"" + line
                            + "\", \"wait\": true, \"working_directory\": \"C:\\\\Windows\"}");
            String longer = "cmd /c echo " + "z".repeat(2000) + " & evil";
            lr.ok(
                    "POST",
                    BASE + "/" + sid + "/command",
                    "{\"name\": \"create process\", \"object\": \"" + longer + "\"}");
            s.server.access().audit().flush(Duration.ofSeconds(30));

            JsonNode activity = new ApiCalls(s)
                    .admin("GET", "/api/useractivity?limit=100", null)
                    .json();
            List<String> lrEntries = new java.util.ArrayList<>();
            for (JsonNode e : activity)
                if (e.get("method").asText().equals("LR"))
                    lrEntries.add(e.get("http_description").asText());
            assertTrue(
                    lrEntries.stream()
                            .anyMatch(d -> d.startsWith("sensor " + sensor.id.sensorId() + ": create process " + line
                                    + ": issued with {\"wait\":true,\"working_directory\":\"C:\\\\Windows\"}")),
                    lrEntries.toString());
            assertTrue(lrEntries.stream().anyMatch(d -> d.contains(line + ": complete")), lrEntries.toString());
            // Past 1,024 characters the line is cut, and the entry says how much was.
            assertTrue(
                    lrEntries.stream()
                            .anyMatch(d -> d.contains(longer.substring(0, 1024) + "... [" + (longer.length() - 1024)
                                    + " more characters cut]: issued")),
                    lrEntries.toString());
        }
    }

    private static Map<String, byte[]> archive(TestServer s, long sid) throws Exception {
        HttpResponse<InputStream> r = s.http.send(
                HttpRequest.newBuilder(URI.create(s.server.url() + BASE + "/" + sid + "/archive"))
                        .header("X-Auth-Token", s.token)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (InputStream body = r.body()) {
            Map<String, byte[]> entries = untar(new GZIPInputStream(body));
            body.transferTo(java.io.OutputStream.nullOutputStream());
            return entries;
        }
    }

    /** Entries of a ustar archive by name (regular files only). */
    static Map<String, byte[]> untar(InputStream in) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        while (true) {
            byte[] h = in.readNBytes(512);
            if (h.length < 512 || h[0] == 0) return out;
            String name = new String(h, 0, 100, StandardCharsets.UTF_8).replace("\0", "");
            long size = Long.parseLong(new String(h, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            content.write(in.readNBytes((int) size));
            in.readNBytes((int) ((512 - size % 512) % 512));
            out.put(name, content.toByteArray());
        }
    }

    static void awaitWork(TestLiveSensor sensor, String type) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (sensor.received.stream().anyMatch(w -> w.type().equals(type))) return;
            Thread.sleep(50);
        }
        throw new AssertionError("the sensor never received " + type + ": " + sensor.received);
    }

    static void awaitCommand(TestLiveSensor sensor, long commandId) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (sensor.received.stream().anyMatch(w -> Long.valueOf(commandId).equals(w.commandId()))) return;
            Thread.sleep(50);
        }
        throw new AssertionError("the sensor never received command " + commandId + ": " + sensor.received);
    }

    /** Waits until the server holds the sensor's poll. */
    static void awaitPolling(TestServer s, TestLiveSensor sensor) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (s.server.liveResponse().liveResponse().polling(sensor.id.sensorId())) return;
            Thread.sleep(50);
        }
        throw new AssertionError("the sensor never polled");
    }
}
