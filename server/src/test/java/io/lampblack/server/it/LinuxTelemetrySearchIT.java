package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileModAction;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.telemetry.LinuxTelemetry;
import io.lampblack.sensor.telemetry.Telemetry;
import io.lampblack.sensor.telemetry.TelemetrySettings;
import io.lampblack.server.support.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux sensor's telemetry through the unchanged server: what the telemetry reports about a real process on this
 * machine, uploaded over the sensor protocol, is found by Carbon Black process and binary searches with the facts a
 * user would expect, and the binary the server asks for is the one the telemetry offers.
 */
class LinuxTelemetrySearchIT {

    @TempDir
    Path data;

    @TempDir
    Path temp;

    private final List<CbEventMsg> events = new ArrayList<>();

    @Test
    void aRealProcessIsFoundBySearchWithItsFactsAndItsBinary() throws Exception {
        String name = "lb-probe-" + UUID.randomUUID().toString().substring(0, 8);
        Path program = temp.resolve(name);
        Files.copy(Path.of("/usr/bin/sleep"), program);
        // Bytes of its own after the ELF contents: a binary no other process on the machine has.
        Files.writeString(program, "lampblack " + UUID.randomUUID(), StandardOpenOption.APPEND);
        program.toFile().setExecutable(true);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(program)));
        long self = ProcessHandle.current().pid();

        try (TestServer server = TestServer.start(data)) {
            SensorClient client = server.sensorClient();
            RegisterResponse r = client.register(
                    new RegisterRequest(
                            "lampblack-linux-it", null, "linux", "server", "Linux test host", null, null, 1),
                    "");
            SensorClient.Identity id = new SensorClient.Identity(r.sensorId(), r.secret());
            int port;
            Path offered;
            try (Telemetry telemetry = LinuxTelemetry.start(
                            new TelemetrySettings(List.of(), Duration.ofMillis(100), true),
                            this::collect,
                            r.sensorId());
                    ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                    Socket ignored = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                    Socket ignored2 = listener.accept()) {
                port = listener.getLocalPort();
                Process p = new ProcessBuilder(program.toString(), "0.1").start();
                p.waitFor(60, TimeUnit.SECONDS);
                await(e -> e.hasProcess()
                        && !e.getProcess().getCreated()
                        && e.getHeader().getProcessPid() == p.pid());
                await(e -> e.hasNetworkv2() && NetOrder.port(e.getNetworkv2().getRemotePort()) == port);
                offered = telemetry.fileFor(md5).orElseThrow();
            }
            List<CbEventMsg> all;
            synchronized (events) {
                all = List.copyOf(events);
            }
            assertEquals(
                    all.size(),
                    client.upload(id, "linux-1", EventLogWriter.frame(all)).events());
            server.server.ingest().pipeline().awaitIndexed(60_000);
            server.server.binaries().catalog().flush();

            JsonNode found = server.get(TestServer.processQuery("process_name:" + name, ""))
                    .json()
                    .get("results");
            assertEquals(1, found.size(), found.toString());
            JsonNode doc = found.get(0);
            assertEquals(program.toString(), doc.get("path").asText());
            assertEquals(program + " 0.1", doc.get("cmdline").asText());
            assertEquals(md5, doc.get("process_md5").asText());
            assertEquals("root", doc.get("username").asText());
            assertEquals("lampblack-linux-it", doc.get("hostname").asText());
            assertTrue(doc.get("terminated").asBoolean(), doc.toString());
            // md5: matches the process by its image, and its parent by the child it started.
            List<String> byMd5 = new ArrayList<>();
            server.get(TestServer.processQuery("md5:" + md5, ""))
                    .json()
                    .get("results")
                    .forEach(d -> byMd5.add(d.get("id").asText()));
            assertTrue(byMd5.contains(doc.get("id").asText()), byMd5.toString());
            assertTrue(byMd5.contains(doc.get("parent_id").asText()), byMd5 + " " + doc);

            // The connection this JVM made is found under its port and address.
            JsonNode jvm = server.get(TestServer.processQuery("ipport:" + port + " process_pid:" + self, ""))
                    .json()
                    .get("results");
            assertEquals(1, jvm.size(), jvm.toString());

            // The binary is described (module info), and its content is what the sensor offers for upload.
            TestServer.Response summary = server.get("/api/v1/binary/" + md5.toUpperCase(Locale.ROOT) + "/summary");
            assertEquals(200, summary.status(), summary.text());
            assertTrue(summary.json().get("observed_filename").toString().contains(program.toString()));
            assertEquals(program, offered);
            assertEquals(
                    md5.toUpperCase(Locale.ROOT),
                    client.uploadBinary(id, Files.readAllBytes(offered)).md5().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * Without root, file changes come from inotify, which does not name the writer: the server shows them under the
     * unknown process of that sensor run, found by the file's path.
     */
    @Test
    void aFileChangedUnderAWatchedDirectoryIsFoundUnderTheUnknownWriter() throws Exception {
        Path watched = Files.createDirectory(temp.resolve("watched"));
        Path note = watched.resolve("note-" + UUID.randomUUID().toString().substring(0, 8) + ".txt");
        try (TestServer server = TestServer.start(data)) {
            SensorClient client = server.sensorClient();
            RegisterResponse r = client.register(
                    new RegisterRequest("lampblack-linux-user", null, "linux", "server", "Linux", null, null, 1), "");
            SensorClient.Identity id = new SensorClient.Identity(r.sensorId(), r.secret());
            try (Telemetry telemetry = LinuxTelemetry.start(
                    new TelemetrySettings(List.of(watched), Duration.ofMillis(100), false),
                    this::collect,
                    r.sensorId())) {
                Files.writeString(note, "hello");
                await(e -> e.hasFilemod()
                        && e.getFilemod().getAction() == CbFileModAction.actionFileModLastWrite
                        && e.getStringsList().stream()
                                .anyMatch(s -> s.getUtf8String().toStringUtf8().equals(note.toString())));
            }
            List<CbEventMsg> fileEvents;
            synchronized (events) {
                fileEvents = events.stream().filter(CbEventMsg::hasFilemod).toList();
            }
            client.upload(id, "linux-files", EventLogWriter.frame(fileEvents));
            server.server.ingest().pipeline().awaitIndexed(60_000);
            JsonNode found = server.get(TestServer.processQuery("filemod:" + note.getFileName(), ""))
                    .json()
                    .get("results");
            assertEquals(1, found.size(), found.toString());
            assertEquals("(unknown)", found.get(0).get("process_name").asText(), found.toString());
            assertEquals(-1, found.get(0).get("process_pid").asInt(), found.toString());
        }
    }

    private void collect(CbEventMsg event) {
        synchronized (events) {
            events.add(event);
            events.notifyAll();
        }
    }

    /** Waits for the telemetry to deliver an event (a deadline only keeps a broken build from hanging). */
    private void await(Predicate<CbEventMsg> wanted) throws InterruptedException {
        long end = System.currentTimeMillis() + 120_000;
        synchronized (events) {
            while (events.stream().noneMatch(wanted)) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("expected event not delivered among " + events.size());
                }
                events.wait(Math.min(left, 500));
            }
        }
    }
}
