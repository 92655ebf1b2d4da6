package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.backup.BackupRefused;
import io.lampblack.server.backup.Restore;
import io.lampblack.server.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup taken while uploads go on, restored into a fresh directory, answers the same searches, and lists the
 * same feeds and watchlists, as the server it was taken from; nothing acknowledged before the backup began is
 * missing (what was only in the journal comes back through replay). The copy is owner-only, and neither a
 * backup nor a restore overwrites anything.
 */
class BackupRestoreIT {

    private static final String FEED = """
            {"feedinfo": {"name": "backupintel", "display_name": "Backup intel", "provider_url": "https://intel.example",
              "summary": "s", "tech_data": "none", "category": "First Party", "provider_rating": 3.0},
             "reports": [
              {"id": "r1", "timestamp": 1700000000, "link": "https://intel.example/r1", "title": "bad domain", "score": 70,
               "iocs": {"dns": ["evil.example"]}}]}""";

    /** The hosts loaded before the backup: their answers must be the same after the restore. */
    private static final String BEFORE = "(hostname:backup-a0 OR hostname:backup-a1)";

    private static final List<String> QUERIES = List.of(
            "/api/v1/process?rows=10&sort=start+asc&q=" + enc(BEFORE),
            "/api/v1/process?rows=10&q=" + enc("hostname:backup-a0"),
            "/api/v1/process?rows=10&q=" + enc("process_name:svchost.exe AND " + BEFORE),
            "/api/v1/process?rows=10&q=" + enc("filemod:windows\\temp\\* AND " + BEFORE),
            "/api/v1/feed",
            "/api/v1/watchlist");

    /** Binaries: the live host may add observations of its own, so every binary known before is known after. */
    private static final String BINARIES = "/api/v1/binary?q=&rows=200";

    @TempDir
    Path dir;

    @Test
    void backupDuringUploadsRestoresTheSameAnswers() throws Exception {
        Path data = dir.resolve("data");
        Path backup = dir.resolve("backup");
        Path restored = dir.resolve("restored");
        Path feedFile = Files.writeString(dir.resolve("feed.json"), FEED);
        Map<String, String> before = new LinkedHashMap<>();
        int ackedBeforeBackup;
        java.util.Set<String> binariesBefore;
        List<byte[]> liveBodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Commits only on request: what arrives during the backup is in the journal alone.
        try (TestServer s = TestServer.start(data, "commit-ms", "600000")) {
            SensorClient client = s.sensorClient();
            for (int h = 0; h < 2; h++) {
                SensorClient.Identity id = register(client, "BACKUP-A" + h);
                SyntheticHost host = new SyntheticHost(40 + h);
                for (int u = 0; u < 5; u++) client.upload(id, "a-" + h + "-" + u, host.nextUpload(300));
            }
            assertEquals(
                    200,
                    s.post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\"}")
                            .status());
            assertEquals(
                    200,
                    s.post(
                                    "/api/v1/watchlist",
                                    "{\"name\": \"temp writers\", \"search_query\": \"q=filemod:windows\\\\\\\\temp\","
                                            + " \"index_type\": \"events\"}")
                            .status());
            s.server.ingest().pipeline().awaitIndexed(60_000);
            s.server.ingest().pipeline().commit();
            for (String q : QUERIES) before.put(q, answer(s, q));
            binariesBefore = md5s(s);
            assertFalse(binariesBefore.isEmpty(), "the synthetic hosts load modules");

            // Another sensor keeps uploading while the backup is taken.
            SensorClient.Identity live = register(client, "BACKUP-LIVE");
            SyntheticHost liveHost = new SyntheticHost(77);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acked = new AtomicInteger();
            Thread uploader = Thread.ofPlatform().start(() -> {
                for (int u = 0; !stop.get(); u++) {
                    byte[] body = liveHost.nextUpload(200);
                    try {
                        client.upload(live, "live-" + u, body);
                        liveBodies.add(body);
                        acked.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            while (acked.get() < 3) Thread.sleep(5);
            ackedBeforeBackup = acked.get();
            TestServer.Response r = s.post(
                    "/api/v1/backup", "{\"directory\": \"" + backup.toString().replace("\\", "\\\\") + "\"}");
            stop.set(true);
            uploader.join();
            assertEquals(200, r.status(), r.text());
            assertEquals("h2", r.json().get("database").asText());

            // A backup never overwrites one, nor goes into the data directory.
            assertEquals(
                    409,
                    s.post("/api/v1/backup", "{\"directory\": \"" + backup + "\"}")
                            .status());
            TestServer.Response inside = s.post("/api/v1/backup", "{\"directory\": \"" + data.resolve("copy") + "\"}");
            assertEquals(400, inside.status(), inside.text());
            assertEquals(
                    400,
                    s.post("/api/v1/backup", "{\"directory\": \"relative/dir\"}")
                            .status());
        }

        try (Stream<Path> files = Files.walk(backup)) {
            for (Path p : files.toList()) {
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", perms, p.toString());
            }
        }

        Files.createDirectories(restored);
        Files.writeString(restored.resolve("something"), "x");
        assertThrows(BackupRefused.class, () -> Restore.restore(backup, restored), "a non-empty directory is refused");
        Files.delete(restored.resolve("something"));
        Restore.restore(backup, restored);
        assertFalse(Files.exists(restored.resolve("backup.json")));

        try (TestServer s = TestServer.start(restored)) {
            s.server.ingest().pipeline().awaitIndexed(60_000);
            for (String q : QUERIES) assertEquals(before.get(q), answer(s, q), q);
            assertTrue(md5s(s).containsAll(binariesBefore), "every binary known before the backup");
            long liveSegments = s.get("/api/v1/process?rows=0&q=" + enc("hostname:backup-live"))
                    .json()
                    .get("total_results")
                    .asLong();
            long expectedAtLeast = 0;
            for (byte[] body : liveBodies.subList(0, ackedBeforeBackup)) {
                expectedAtLeast += processes(body);
            }
            assertTrue(
                    liveSegments >= expectedAtLeast,
                    "uploads acknowledged before the backup began come back (" + liveSegments + " segments, "
                            + expectedAtLeast + " expected at least)");
        }
    }

    private static SensorClient.Identity register(SensorClient client, String host) throws Exception {
        var r = client.register(new RegisterRequest(host, null, null, null, null, null, null, 1), "");
        return new SensorClient.Identity(r.sensorId(), r.secret());
    }

    /** The answer without what differs between any two calls (the time it took). */
    private static String answer(TestServer s, String pathQuery) throws Exception {
        TestServer.Response r = s.get(pathQuery);
        assertEquals(200, r.status(), pathQuery + ": " + r.text());
        var json = r.json();
        if (json instanceof com.fasterxml.jackson.databind.node.ObjectNode o) o.remove("elapsed");
        if (json.isArray()) {
            // Feeds and watchlists: what was configured, not when they last ran (a restarted server runs them again).
            StringBuilder out = new StringBuilder();
            for (var item : json) {
                for (String key : List.of("id", "name", "feed_url", "enabled", "search_query", "index_type")) {
                    out.append(key).append('=').append(item.path(key)).append(' ');
                }
                out.append('\n');
            }
            return out.toString();
        }
        return json.toString();
    }

    private static java.util.Set<String> md5s(TestServer s) throws Exception {
        TestServer.Response r = s.get(BINARIES);
        assertEquals(200, r.status(), r.text());
        java.util.Set<String> out = new java.util.HashSet<>();
        for (var b : r.json().path("results")) out.add(b.path("md5").asText());
        return out;
    }

    /** One segment per process per upload. */
    private static int processes(byte[] body) throws Exception {
        java.util.Set<String> p = new java.util.HashSet<>();
        for (var ev : io.lampblack.protocol.EventLogReader.decodeStrict(body, Integer.MAX_VALUE - 16)
                .events()) {
            var h = ev.getHeader();
            if (!ev.hasModule() && h.hasProcessPid() && h.hasProcessCreateTime()) {
                p.add(h.getProcessPid() + "/" + h.getProcessCreateTime());
            }
        }
        return p.size();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
