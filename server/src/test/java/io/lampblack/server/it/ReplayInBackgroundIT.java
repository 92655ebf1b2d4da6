package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.ingest.IngestPipeline;
import io.lampblack.server.support.ServerProcess;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a kill -9 with everything still in the journal (no commit), the restarted server answers before the replay
 * is done; an upload sent meanwhile by the same sensor, and the sensor's re-send of one that was journaled before the
 * kill, are handled as always: the first is indexed after the replayed ones, the second recognised. In the end the
 * index holds exactly one segment per process per upload.
 *
 * <p>The journal spans several files (1 MB each) and the replay is held at its first upload until the new uploads
 * are acknowledged: they land in the last file, which the replay has not read yet, and must be indexed once, not by
 * the replay and again as new uploads.
 */
class ReplayInBackgroundIT {

    private static final int UPLOADS = 40;

    @TempDir
    Path data;

    @AfterEach
    void releaseReplay() {
        IngestPipeline.replayHookForTests = n -> {};
    }

    @Test
    void searchesAndUploadsDuringReplay() throws Exception {
        SyntheticHost host = new SyntheticHost(5);
        long expected = 0;
        SensorClient.Identity id;
        byte[] first = null;
        try (ServerProcess before = ServerProcess.start(data, "--commit-ms", "600000", "--journal-file-size", "1m")) {
            SensorClient client = new SensorClient(URI.create(before.url), SensorClient.trustAllHttpClient());
            var r = client.register(new RegisterRequest("REPLAY-HOST", null, null, null, null, null, null, 1), "");
            id = new SensorClient.Identity(r.sensorId(), r.secret());
            for (int u = 0; u < UPLOADS; u++) {
                byte[] body = host.nextUpload(2000);
                if (first == null) first = body;
                client.upload(id, "before-" + u, body);
                expected += processes(body);
            }
            before.kill();
        }
        long journalFiles;
        try (var files = java.nio.file.Files.list(data.resolve("journal"))) {
            journalFiles = files.filter(f -> f.toString().endsWith(".jnl")).count();
        }
        assertTrue(journalFiles >= 3, "the journal spans several files: " + journalFiles);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IngestPipeline.replayHookForTests = n -> {
            if (n != 0) return;
            held.countDown();
            try {
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        // Only the journal holds them; the replay is held (below) until the uploads sent meanwhile are acknowledged
        // (at most pipeline-queue of them wait behind it before the journal writer waits too).
        try (TestServer s = TestServer.start(data, "index-threads", "1", "pipeline-queue", "8")) {
            var pipeline = s.server.ingest().pipeline();
            assertEquals(UPLOADS, pipeline.replayedAtStart());
            assertTrue(held.await(60, TimeUnit.SECONDS), "the replay began");
            assertTrue(pipeline.replaying());
            assertEquals(200, s.get("/api/v1/process?q=&rows=0").status(), "searches answer during the replay");
            // The same sensor goes on: its next uploads continue its processes, so they must follow the replayed ones.
            for (int u = 0; u < 3; u++) {
                byte[] next = host.nextUpload(500);
                assertTrue(!s.sensorClient().upload(id, "after-" + u, next).duplicate());
                expected += processes(next);
                assertTrue(pipeline.replaying(), "acknowledged while the replay still runs");
            }
            assertTrue(s.sensorClient().upload(id, "before-0", first).duplicate(), "a journaled upload re-sent");
            release.countDown();
            pipeline.awaitIndexed(120_000);
            assertEquals(false, pipeline.replaying());
            assertEquals(UPLOADS + 3, pipeline.uploadsIndexed(), "each upload indexed once");
            assertEquals(
                    expected,
                    s.get("/api/v1/process?q=&rows=0")
                            .json()
                            .get("total_results")
                            .asLong(),
                    "one segment per process per upload: none twice, none missing");
        }
    }

    private static int processes(byte[] body) throws Exception {
        Set<String> p = new HashSet<>();
        for (CbEventMsg ev :
                EventLogReader.decodeStrict(body, Integer.MAX_VALUE - 16).events()) {
            var h = ev.getHeader();
            if (!ev.hasModule() && h.hasProcessPid() && h.hasProcessCreateTime())
                p.add(h.getProcessPid() + "/" + h.getProcessCreateTime());
        }
        return p.size();
    }
}
