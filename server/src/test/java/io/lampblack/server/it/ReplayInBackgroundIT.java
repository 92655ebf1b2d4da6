package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.ServerProcess;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a kill -9 with everything still in the journal (no commit), the restarted server answers before the replay
 * is done; an upload sent meanwhile by the same sensor, and the sensor's re-send of one that was journaled before the
 * kill, are handled as always: the first is indexed after the replayed ones, the second recognised. In the end the
 * index holds exactly one segment per process per upload.
 */
class ReplayInBackgroundIT {

    @TempDir
    Path data;

    @Test
    void searchesAndUploadsDuringReplay() throws Exception {
        SyntheticHost host = new SyntheticHost(5);
        long expected = 0;
        SensorClient.Identity id;
        byte[] first = null;
        try (ServerProcess before = ServerProcess.start(data, "--commit-ms", "600000")) {
            SensorClient client = new SensorClient(URI.create(before.url), SensorClient.httpClient(null));
            var r = client.register(new RegisterRequest("REPLAY-HOST", null, null, null, null, null, null, 1), "");
            id = new SensorClient.Identity(r.sensorId(), r.secret());
            for (int u = 0; u < 40; u++) {
                byte[] body = host.nextUpload(500);
                if (first == null) first = body;
                client.upload(id, "before-" + u, body);
                expected += processes(body);
            }
            before.kill();
        }
        // Only the journal holds them, and replay runs with one small queue: it takes a while.
        try (TestServer s = TestServer.start(data, "index-threads", "1", "pipeline-queue", "1")) {
            assertEquals(40, s.server.ingest().pipeline().replayedAtStart());
            boolean replayingWhenAnswered = s.server.ingest().pipeline().replaying();
            assertEquals(200, s.get("/api/v1/process?q=&rows=0").status(), "searches answer during the replay");
            // The same sensor goes on: its next upload continues its processes, so it must follow the replayed ones.
            byte[] next = host.nextUpload(500);
            assertTrue(!s.sensorClient().upload(id, "after-0", next).duplicate());
            expected += processes(next);
            assertTrue(s.sensorClient().upload(id, "before-0", first).duplicate(), "a journaled upload re-sent");
            s.server.ingest().pipeline().awaitIndexed(120_000);
            assertEquals(false, s.server.ingest().pipeline().replaying());
            assertEquals(
                    expected,
                    s.get("/api/v1/process?q=&rows=0")
                            .json()
                            .get("total_results")
                            .asLong(),
                    "one segment per process per upload (replay still running when the server answered: "
                            + replayingWhenAnswered + ")");
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
