package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Later uploads of a long-running process carry only events; after a restart (empty metadata cache) their segments
 * still get the process's full metadata, found again in the index.
 */
class MetadataAfterRestartIT {

    @TempDir
    Path data;

    @Test
    void segmentsAfterARestartCarryMetadataFromTheIndex() throws Exception {
        SyntheticHost host = new SyntheticHost(77);
        SensorClient.Identity id;
        Map<String, String> cmdlineBefore = new HashMap<>();
        long lastSegmentBefore = 0;
        try (TestServer s = TestServer.start(data)) {
            var r = s.sensorClient()
                    .register(new RegisterRequest("META-HOST", null, null, null, null, null, null, 1), "");
            id = new SensorClient.Identity(r.sensorId(), r.secret());
            for (int i = 0; i < 8; i++) s.sensorClient().upload(id, "m-" + i, host.nextUpload(400));
            s.server.ingest().pipeline().awaitIndexed(30_000);
            for (JsonNode d : s.get("/api/v1/process?q=&rows=10000").json().get("results")) {
                if (!d.get("cmdline").asText().isEmpty())
                    cmdlineBefore.put(d.get("id").asText(), d.get("cmdline").asText());
                lastSegmentBefore =
                        Math.max(lastSegmentBefore, d.get("segment_id").asLong());
            }
        }
        assertTrue(cmdlineBefore.size() > 3, "processes started with a command line before the restart");
        try (TestServer s = TestServer.start(data)) {
            for (int i = 8; i < 16; i++) s.sensorClient().upload(id, "m-" + i, host.nextUpload(400));
            s.server.ingest().pipeline().awaitIndexed(30_000);
            int checked = 0;
            for (JsonNode d : s.get("/api/v1/process?q=&rows=10000").json().get("results")) {
                String before = cmdlineBefore.get(d.get("id").asText());
                if (before == null || d.get("segment_id").asLong() <= lastSegmentBefore) continue;
                assertEquals(
                        before,
                        d.get("cmdline").asText(),
                        "segment " + d.get("unique_id").asText());
                checked++;
            }
            assertTrue(checked > 0, "segments written after the restart for processes started before it were checked");
        }
    }
}
