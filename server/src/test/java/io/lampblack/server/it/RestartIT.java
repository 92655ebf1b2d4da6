package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clean restart keeps data, credentials and the memory of uploads already received. */
class RestartIT {

    @TempDir
    Path data;

    @Test
    void committedUploadResentAfterRestartIsRecognised() throws Exception {
        byte[] body = new SyntheticHost(21).nextUpload(400);
        SensorClient.Identity id;
        long segments;
        String firstId;
        long withTempFile;
        String pathQuery =
                "/api/v1/process?rows=0&q=" + java.net.URLEncoder.encode("filemod:windows\\temp\\*", "UTF-8");
        try (TestServer s = TestServer.start(data)) {
            var r = s.sensorClient()
                    .register(new RegisterRequest("RESTART-HOST", null, null, null, null, null, null, 1), "");
            id = new SensorClient.Identity(r.sensorId(), r.secret());
            s.sensorClient().upload(id, "r-1", body);
            s.server.ingest().pipeline().awaitIndexed(30_000);
            s.server.ingest().pipeline().commit();
            segments = s.get("/api/v1/process?q=&rows=0")
                    .json()
                    .get("total_results")
                    .asLong();
            firstId = s.get("/api/v1/process?q=&rows=1&sort=last_update+asc")
                    .json()
                    .get("results")
                    .get(0)
                    .get("unique_id")
                    .asText();
            assertTrue(segments > 0);
            TestServer.Response r0 = s.get(pathQuery);
            assertEquals(200, r0.status(), r0.text());
            withTempFile = r0.json().get("total_results").asLong();
            assertTrue(withTempFile > 0, "the synthetic host writes into c:\\windows\\temp");
        }
        try (TestServer s = TestServer.start(data)) {
            assertEquals(
                    0, s.server.ingest().pipeline().replayedAtStart(), "a clean shutdown leaves nothing to replay");
            assertEquals(
                    withTempFile,
                    s.get(pathQuery).json().get("total_results").asLong(),
                    "sub-path queries resolve through the path vocabulary reloaded from disk");
            assertTrue(s.sensorClient().upload(id, "r-1", body).duplicate());
            s.sensorClient().upload(id, "r-2", body);
            s.server.ingest().pipeline().awaitIndexed(30_000);
            // the same events under a new upload id are a new upload: new segments with new segment ids
            assertEquals(
                    2 * segments,
                    s.get("/api/v1/process?q=&rows=0")
                            .json()
                            .get("total_results")
                            .asLong());
            assertEquals(
                    firstId,
                    s.get("/api/v1/process?q=&rows=1&sort=last_update+asc")
                            .json()
                            .get("results")
                            .get(0)
                            .get("unique_id")
                            .asText(),
                    "segments are immutable across restarts");
        }
    }
}
