package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.agent.SensorAgent;
import io.lampblack.sensor.agent.SensorOptions;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.isolation.HostIsolation;
import io.lampblack.sensor.telemetry.EventSink;
import io.lampblack.sensor.telemetry.Telemetry;
import io.lampblack.server.binary.BinaryEvents;
import io.lampblack.server.support.HostEvents;
import io.lampblack.server.support.TestServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux sensor's agent against a real server, with telemetry that plays back made-up events and isolation that
 * only records what it was asked: what it observes becomes searchable processes, nothing is lost when the server
 * restarts mid-run, what the spool's cap drops is counted and shown with the sensor, actions round-trip, and a
 * binary the server asks for becomes downloadable.
 */
class LinuxSensorAgentIT {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    /** Plays back events the test hands it; finds the files the test registers by MD5. */
    static final class FakeTelemetry implements Telemetry {
        volatile EventSink sink;
        final AtomicInteger starts = new AtomicInteger();
        final Map<String, Path> files = new ConcurrentHashMap<>();

        Telemetry start(EventSink s, int sensorId) {
            sink = s;
            starts.incrementAndGet();
            return this;
        }

        void emit(CbEventMsg e) {
            sink.accept(e);
        }

        @Override
        public Optional<Path> fileFor(String md5) {
            return Optional.ofNullable(files.get(md5));
        }

        @Override
        public Stats stats() {
            return new Stats(0, 0, 0, "test");
        }

        @Override
        public void close() {}
    }

    /** Isolation that records what it was asked and says it did it. */
    static final class FakeIsolation implements HostIsolation {
        volatile boolean isolated;
        volatile InetSocketAddress keptReachable;

        @Override
        public boolean supported() {
            return true;
        }

        @Override
        public Outcome isolate(InetSocketAddress server, List<String> exclusions) {
            keptReachable = server;
            isolated = true;
            return new Outcome(true, "isolated (test)");
        }

        @Override
        public Outcome unisolate() {
            isolated = false;
            return new Outcome(true, "");
        }

        @Override
        public boolean isolated() {
            return isolated;
        }
    }

    private SensorAgent agent(TestServer t, Path data, FakeTelemetry telemetry, HostIsolation isolation, String... more)
            throws Exception {
        return agent(t.server.url(), t, data, telemetry, isolation, more);
    }

    /** A sensor of {@code t} that reaches it at {@code url} (through a proxy, say). */
    private SensorAgent agent(
            String url, TestServer t, Path data, FakeTelemetry telemetry, HostIsolation isolation, String... more)
            throws Exception {
        Path cert = t.server.dataDir().resolve("tls").resolve("server.crt");
        List<String> args =
                new ArrayList<>(List.of("--server", url, "--cacert", cert.toString(), "--data", data.toString()));
        args.addAll(List.of(more));
        SensorOptions o = SensorOptions.parse(args, Map.of(), false, dir);
        // Trusts only the server's certificate, as the sensor does with --cacert.
        SensorClient client = new SensorClient(o.server(), SensorClient.verifyingHttpClient(cert));
        SensorAgent.Settings settings = SensorAgent.Settings.of(o).withMaxBackoff(Duration.ofMillis(500));
        if (args.contains("--spool-max-bytes")) settings = settings.withEventsPerLog(5);
        SensorAgent a = SensorAgent.start(
                client, o.server(), settings, new SensorAgent.Parts(telemetry::start, isolation, Optional.empty()));
        open.add(a);
        return a;
    }

    private static CbEventMsg start(int pid, String name) {
        return HostEvents.start(pid, 1, "/usr/bin/" + name, name + " --pid " + pid, "0123456789abcdef0123456789abcdef");
    }

    /** Waits for a condition the system reaches eventually; a minute without it is a failure. */
    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.call()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("never happened: " + what);
            Thread.sleep(100);
        }
    }

    private static long found(TestServer t, String processName) throws Exception {
        TestServer.Response r = t.get(TestServer.processQuery("process_name:" + processName, ""));
        return r.status() == 200 ? r.json().path("total_results").asLong() : -1;
    }

    private static JsonNode sensor(TestServer t, int id) throws Exception {
        TestServer.Response r = t.get("/api/v1/sensor/" + id);
        assertEquals(200, r.status(), r.text());
        return r.json();
    }

    @Test
    void observedEventsBecomeSearchableProcessesAndTheHostIsDescribed() throws Exception {
        TestServer t = TestServer.start(dir.resolve("server"), "checkin-seconds", "1");
        open.add(t);
        // Without --cacert the sensor trusts the system's CAs only: the self-signed server is refused, not trusted.
        assertThrows(
                SSLHandshakeException.class,
                () -> new SensorClient(URI.create(t.server.url()), SensorClient.verifyingHttpClient(null))
                        .register(new RegisterRequest("untrusting", null, "linux", "server", null, null, null, 1), ""));
        FakeTelemetry telemetry = new FakeTelemetry();
        Path data = dir.resolve("sensor");
        SensorAgent a = agent(t, data, telemetry, new FakeIsolation());
        int id = a.identity().sensorId();
        for (int pid = 101; pid <= 103; pid++) telemetry.emit(start(pid, "lbtestalpha"));

        await("three processes searchable", () -> found(t, "lbtestalpha") == 3);
        JsonNode p = t.get(TestServer.processQuery("process_name:lbtestalpha", ""))
                .json()
                .path("results")
                .get(0);
        assertEquals(id, p.path("sensor_id").asInt());
        await("a check-in with the host's facts", () -> a.lastCheckin().isPresent());
        JsonNode s = sensor(t, id);
        assertEquals(3, s.path("os_type").asInt(), "Linux");
        assertTrue(Long.parseLong(s.path("physical_memory_size").asText()) > 0, s.toString());
        assertTrue(Long.parseLong(s.path("systemvolume_total_size").asText()) > 0, s.toString());
        assertTrue(Long.parseLong(s.path("uptime").asText()) > 0, s.toString());
        assertTrue(s.path("build_version_string").asText().startsWith("lampblack-sensor"), s.toString());
        assertFalse(s.path("last_checkin_time").isNull());
        assertEquals("0", s.path("dropped_events").asText());

        // Registered once: the identity is owner-only, and a restart of the sensor is the same sensor.
        Path identity = data.resolve("identity.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(identity)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        a.close();
        SensorAgent again = agent(t, data, telemetry, new FakeIsolation());
        assertEquals(id, again.identity().sensorId());
        telemetry.emit(start(104, "lbtestalpha"));
        await("the restarted sensor's process", () -> found(t, "lbtestalpha") == 4);
    }

    @Test
    void aServerRestartMidRunLosesNothingAndDuplicatesNothing() throws Exception {
        Path serverData = dir.resolve("server");
        TestServer first = TestServer.start(serverData, "checkin-seconds", "1");
        int port = first.server.port();
        FakeTelemetry telemetry = new FakeTelemetry();
        SensorAgent a = agent(first, dir.resolve("sensor"), telemetry, new FakeIsolation());
        for (int pid = 1000; pid < 1050; pid++) telemetry.emit(start(pid, "lbtestrestart"));
        first.close();
        // Observed while the server is away: spooled, sent once it is back.
        for (int pid = 1050; pid < 1100; pid++) telemetry.emit(start(pid, "lbtestrestart"));
        await("the events spooled", () -> a.spooledLogs() > 0);

        TestServer second = TestServer.start(serverData, "checkin-seconds", "1", "port", Integer.toString(port));
        open.add(second);
        await("all 100 processes searchable", () -> found(second, "lbtestrestart") >= 100);
        await("the spool empty", () -> a.spooledLogs() == 0);
        second.server.ingest().pipeline().awaitIndexed(30_000);
        second.server.search().index().refresh(); // so that a duplicate would show
        assertEquals(100, found(second, "lbtestrestart"), "each process once");
        assertEquals(
                "0",
                sensor(second, a.identity().sensorId()).path("dropped_events").asText());
    }

    @Test
    void whatTheSpoolCapDropsIsCountedAndShownWithTheSensor() throws Exception {
        Path serverData = dir.resolve("server");
        TestServer first = TestServer.start(serverData, "checkin-seconds", "1");
        int port = first.server.port();
        FakeTelemetry telemetry = new FakeTelemetry();
        // Five events per log, a spool of 2,000 bytes: a few logs fit.
        SensorAgent a =
                agent(first, dir.resolve("sensor"), telemetry, new FakeIsolation(), "--spool-max-bytes", "2000");
        int id = a.identity().sensorId();
        first.close();
        int emitted = 300;
        for (int pid = 2000; pid < 2000 + emitted; pid++) telemetry.emit(start(pid, "lbtestcap"));

        TestServer second = TestServer.start(serverData, "checkin-seconds", "1", "port", Integer.toString(port));
        open.add(second);
        // Every event is either indexed or counted as dropped: none is lost silently.
        await(
                "indexed + dropped = emitted",
                () -> found(second, "lbtestcap")
                                + Long.parseLong(sensor(second, id)
                                        .path("dropped_events")
                                        .asText())
                        == emitted);
        JsonNode s = sensor(second, id);
        assertTrue(Long.parseLong(s.path("dropped_events").asText()) > 0, "the cap dropped some: " + s);
        assertTrue(Long.parseLong(s.path("dropped_eventlogs").asText()) > 0, s.toString());
        assertTrue(found(second, "lbtestcap") > 0, "the newest were kept");
    }

    @Test
    void aLogTheServerRefusesIsSetAsideAndCountedNotSentForever() throws Exception {
        TestServer t = TestServer.start(dir.resolve("server"), "checkin-seconds", "1");
        open.add(t);
        // A log on the spool whose first record claims 5 bytes and has 2 (say, a disk error): the server answers
        // 400 malformed_upload, and will for ever.
        Path data = dir.resolve("sensor");
        Path spool = Files.createDirectories(data.resolve("spool"));
        Files.writeString(data.resolve(".lampblack-sensor"), ""); // the sensor's own data directory
        String bad = "00000000000000000001-deadbeef-7.gz";
        Files.write(spool.resolve(bad), EventLogWriter.gzip(new byte[] {5, 0, 0, 0, 1, 2}));
        FakeTelemetry telemetry = new FakeTelemetry();
        SensorAgent a = agent(t, data, telemetry, new FakeIsolation());
        telemetry.emit(start(4000, "lbtestafter"));

        await("the log after it delivered", () -> found(t, "lbtestafter") == 1);
        await(
                "the refused log counted and reported",
                () -> sensor(t, a.identity().sensorId())
                        .path("dropped_eventlogs")
                        .asText()
                        .equals("1"));
        assertEquals(
                "7", sensor(t, a.identity().sensorId()).path("dropped_events").asText());
        assertTrue(Files.exists(spool.resolve("rejected").resolve(bad)), "kept aside to look at");
        assertFalse(Files.exists(spool.resolve(bad)));
    }

    @Test
    void actionsRoundTripThroughTheAgent() throws Exception {
        // The server's normal 30 s interval: the agent must obey "check in now" to get its actions in time.
        TestServer t = TestServer.start(dir.resolve("server"));
        open.add(t);
        FakeTelemetry telemetry = new FakeTelemetry();
        FakeIsolation isolation = new FakeIsolation();
        Path data = dir.resolve("sensor");
        SensorAgent a = agent(t, data, telemetry, isolation);
        int id = a.identity().sensorId();
        await("the first check-in", () -> a.lastCheckin().isPresent());
        AtomicInteger pid = new AtomicInteger(3000);

        assertEquals(
                204,
                SensorIsolationIT.put(t, id, SensorIsolationIT.saveBody(null, 1, true, false, false))
                        .status());
        telemetry.emit(start(pid.incrementAndGet(), "lbtestaction")); // its upload's answer says: check in now
        await(
                "isolated, as the sensor reported",
                () -> sensor(t, id).path("is_isolating").asBoolean());
        assertTrue(isolation.isolated);
        URI server = URI.create(t.server.url());
        assertEquals(server.getPort(), isolation.keptReachable.getPort(), "the server stays reachable");
        assertEquals(server.getHost(), isolation.keptReachable.getHostString());

        assertEquals(
                204,
                SensorIsolationIT.put(t, id, SensorIsolationIT.saveBody(null, 1, false, false, false))
                        .status());
        telemetry.emit(start(pid.incrementAndGet(), "lbtestaction"));
        await("isolation lifted", () -> !sensor(t, id).path("is_isolating").asBoolean());
        assertFalse(isolation.isolated);

        assertEquals(
                204,
                SensorIsolationIT.put(t, id, SensorIsolationIT.saveBody(null, 1, false, true, false))
                        .status());
        telemetry.emit(start(pid.incrementAndGet(), "lbtestaction"));
        await("restarted", () -> !sensor(t, id).path("restart_queued").asBoolean());
        assertEquals(2, telemetry.starts.get(), "the telemetry was started again");
        telemetry.emit(start(pid.incrementAndGet(), "lbtestaction"));
        await("events flow after the restart", () -> found(t, "lbtestaction") == 4);

        assertEquals(
                204,
                SensorIsolationIT.put(t, id, SensorIsolationIT.saveBody(null, 1, false, false, true))
                        .status());
        telemetry.emit(start(pid.incrementAndGet(), "lbtestaction"));
        assertTrue(a.awaitStopped(Duration.ofSeconds(60)), "the sensor stopped");
        assertTrue(a.uninstalled());
        assertTrue(sensor(t, id).path("uninstalled").asBoolean());
        assertFalse(Files.exists(data), "its data removed");
    }

    @Test
    void aBinaryTheServerAsksForBecomesDownloadable() throws Exception {
        TestServer t = TestServer.start(dir.resolve("server"), "checkin-seconds", "1");
        open.add(t);
        FakeTelemetry telemetry = new FakeTelemetry();
        agent(t, dir.resolve("sensor"), telemetry, new FakeIsolation());
        byte[] content = "#!/bin/sh\necho only on this host\n".getBytes(StandardCharsets.US_ASCII);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        Path file = Files.write(dir.resolve("tool"), content);
        telemetry.files.put(md5, file);
        telemetry.emit(BinaryEvents.moduleEvent(
                BinaryEvents.module(md5, content.length, file.toString(), BinaryEvents.AMD64, BinaryEvents.EXE),
                System.currentTimeMillis()));

        await("the binary downloadable", () -> t.get("/api/v1/binary/" + md5).status() == 200);
        TestServer.Response r = t.get("/api/v1/binary/" + md5);
        byte[] filedata = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("filedata")) filedata = zip.readAllBytes();
            }
        }
        assertArrayEquals(content, filedata);
    }

    @Test
    void uninstallingAnIsolatedHostLiftsTheIsolationFirst() throws Exception {
        TestServer t = TestServer.start(dir.resolve("server"));
        open.add(t);
        FakeTelemetry telemetry = new FakeTelemetry();
        FakeIsolation isolation = new FakeIsolation();
        Path data = dir.resolve("sensor");
        SensorAgent a = agent(t, data, telemetry, isolation);
        int id = a.identity().sensorId();
        await("the first check-in", () -> a.lastCheckin().isPresent());
        assertEquals(
                204,
                SensorIsolationIT.put(t, id, SensorIsolationIT.saveBody(null, 1, true, false, false))
                        .status());
        telemetry.emit(start(7000, "lbtestisolated")); // its upload's answer says: check in now
        await("isolated", () -> sensor(t, id).path("is_isolating").asBoolean());

        // Uninstalled while isolated: nothing would ever lift the isolation afterwards.
        assertEquals(
                204,
                SensorIsolationIT.put(t, id, SensorIsolationIT.saveBody(null, 1, true, false, true))
                        .status());
        telemetry.emit(start(7001, "lbtestisolated"));
        assertTrue(a.awaitStopped(Duration.ofSeconds(60)), "the sensor stopped");
        assertTrue(a.uninstalled());
        assertFalse(isolation.isolated, "the isolation was lifted before the sensor went");
        assertFalse(Files.exists(data), "its data removed");
    }

    @Test
    void aSpoolLogThatVanishesOrCannotBeReadIsCountedAndTheLaterOnesFlow() throws Exception {
        Path serverData = dir.resolve("server");
        TestServer first = TestServer.start(serverData, "checkin-seconds", "1");
        int port = first.server.port();
        FakeTelemetry telemetry = new FakeTelemetry();
        Path data = dir.resolve("sensor");
        // Five events per log.
        SensorAgent a = agent(first, data, telemetry, new FakeIsolation(), "--spool-max-bytes", "10000000");
        int id = a.identity().sensorId();
        first.close();
        for (int pid = 5000; pid < 5015; pid++) telemetry.emit(start(pid, "lbtestspool"));
        await("three logs spooled", () -> a.spooledLogs() == 3);
        List<Path> logs;
        try (var files = Files.list(data.resolve("spool"))) {
            logs = files.filter(Files::isRegularFile).sorted().toList();
        }
        assertEquals(3, logs.size(), logs.toString());
        Files.delete(logs.get(0)); // removed by someone
        Files.delete(logs.get(1));
        Files.createDirectory(logs.get(1)); // something the sensor cannot read as a log

        TestServer second = TestServer.start(serverData, "checkin-seconds", "1", "port", Integer.toString(port));
        open.add(second);
        await("the third log's processes searchable", () -> found(second, "lbtestspool") == 5);
        await(
                "the two lost logs counted and reported",
                () -> sensor(second, id).path("dropped_eventlogs").asText().equals("2"));
        assertEquals("10", sensor(second, id).path("dropped_events").asText());
        assertEquals(0, a.spooledLogs());
    }

    @Test
    void aLostAnswerIsSentAgainUnderTheSameIdAndAnsweredAsADuplicate() throws Exception {
        TestServer t = TestServer.start(dir.resolve("server"), "checkin-seconds", "1");
        open.add(t);
        Path cert = t.server.dataDir().resolve("tls").resolve("server.crt");
        AnswerLosingHttpClient http = new AnswerLosingHttpClient(SensorClient.verifyingHttpClient(cert));
        SensorOptions o = SensorOptions.parse(
                List.of(
                        "--server",
                        t.server.url(),
                        "--cacert",
                        cert.toString(),
                        "--data",
                        dir.resolve("s").toString()),
                Map.of(),
                false,
                dir);
        FakeTelemetry telemetry = new FakeTelemetry();
        SensorAgent a = SensorAgent.start(
                new SensorClient(o.server(), http),
                o.server(),
                SensorAgent.Settings.of(o).withMaxBackoff(Duration.ofMillis(500)),
                new SensorAgent.Parts(telemetry::start, new FakeIsolation(), Optional.empty()));
        open.add(a);

        http.loseNextUploadAnswer();
        telemetry.emit(start(6000, "lbtestlost"));
        await("the upload and its resend answered", () -> http.uploads().size() >= 2);
        await("the log left the spool", () -> a.spooledLogs() == 0);
        List<String> uploads = http.uploads();
        assertEquals(2, uploads.size(), uploads.toString());
        String id = uploads.get(0).split(" ")[0];
        assertTrue(uploads.get(0).contains("\"duplicate\":false"), "the first stored: " + uploads);
        assertEquals(id, uploads.get(1).split(" ")[0], "the resend under the same id");
        assertTrue(uploads.get(1).contains("\"duplicate\":true"), "and recognised: " + uploads);
        t.server.ingest().pipeline().awaitIndexed(30_000);
        t.server.search().index().refresh(); // so that a second indexing would show
        assertEquals(1, found(t, "lbtestlost"), "indexed once");
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedIsAnErrorNotRetriedForEver() throws Exception {
        TestServer t = TestServer.start(dir.resolve("server"));
        open.add(t);
        TestServer other = TestServer.start(dir.resolve("other"));
        open.add(other);
        Path wrongCert = other.server.dataDir().resolve("tls").resolve("server.crt");
        SensorOptions o = SensorOptions.parse(
                List.of(
                        "--server",
                        t.server.url(),
                        "--cacert",
                        wrongCert.toString(),
                        "--data",
                        dir.resolve("s").toString()),
                Map.of(),
                false,
                dir);
        SensorClient client = new SensorClient(o.server(), SensorClient.verifyingHttpClient(wrongCert));
        java.io.IOException e = assertThrows(
                java.io.IOException.class,
                () -> SensorAgent.start(
                        client,
                        o.server(),
                        SensorAgent.Settings.of(o),
                        new SensorAgent.Parts(new FakeTelemetry()::start, new FakeIsolation(), Optional.empty())));
        assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
    }

    /**
     * The sensor's real HTTP client, except that the answer to one event-log upload is thrown away after the server
     * sent it (the connection lost on the way back): the server stored the log, the sensor never heard. Records each
     * upload's id and answer.
     */
    static final class AnswerLosingHttpClient extends java.net.http.HttpClient {
        private final java.net.http.HttpClient http;
        private final java.util.concurrent.atomic.AtomicBoolean loseNext =
                new java.util.concurrent.atomic.AtomicBoolean();
        private final List<String> uploads = java.util.Collections.synchronizedList(new ArrayList<>());

        AnswerLosingHttpClient(java.net.http.HttpClient http) {
            this.http = http;
        }

        void loseNextUploadAnswer() {
            loseNext.set(true);
        }

        /** "upload-id answer" for each upload answered. */
        List<String> uploads() {
            return List.copyOf(uploads);
        }

        @Override
        public <T> java.net.http.HttpResponse<T> send(
                java.net.http.HttpRequest req, java.net.http.HttpResponse.BodyHandler<T> handler)
                throws java.io.IOException, InterruptedException {
            java.net.http.HttpResponse<T> r = http.send(req, handler);
            String query = req.uri().getRawQuery();
            if (query != null && query.startsWith("upload_id=") && r.body() instanceof byte[] b) {
                uploads.add(java.net.URLDecoder.decode(query.substring(10), StandardCharsets.UTF_8) + " "
                        + new String(b, StandardCharsets.UTF_8).replace(" ", ""));
                if (r.statusCode() == 200 && loseNext.compareAndSet(true, false)) {
                    throw new java.io.IOException("connection reset (the test lost the answer)");
                }
            }
            return r;
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(
                java.net.http.HttpRequest req, java.net.http.HttpResponse.BodyHandler<T> handler) {
            return http.sendAsync(req, handler);
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(
                java.net.http.HttpRequest req,
                java.net.http.HttpResponse.BodyHandler<T> handler,
                java.net.http.HttpResponse.PushPromiseHandler<T> push) {
            return http.sendAsync(req, handler, push);
        }

        @Override
        public Optional<java.net.CookieHandler> cookieHandler() {
            return http.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return http.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return http.followRedirects();
        }

        @Override
        public Optional<java.net.ProxySelector> proxy() {
            return http.proxy();
        }

        @Override
        public javax.net.ssl.SSLContext sslContext() {
            return http.sslContext();
        }

        @Override
        public javax.net.ssl.SSLParameters sslParameters() {
            return http.sslParameters();
        }

        @Override
        public Optional<java.net.Authenticator> authenticator() {
            return http.authenticator();
        }

        @Override
        public Version version() {
            return http.version();
        }

        @Override
        public Optional<java.util.concurrent.Executor> executor() {
            return http.executor();
        }
    }
}
