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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once indexing holds across partition rolls: partitions are rolled on request while sensors upload, the
 * server is killed (SIGKILL) right after the last roll, and after the restart, the journal replay and the sensors
 * re-sending what was never acknowledged, every process of every upload is indexed exactly once, whichever
 * partition it landed in.
 */
class PartitionCrashRecoveryIT {

    @TempDir
    Path data;

    private record Upload(int sensorIndex, String id, byte[] body, int processes) {}

    @Test
    void killRightAfterRollsDuringUploadsLosesNothingAndDuplicatesNothing() throws Exception {
        ServerProcess first = ServerProcess.start(data, "--commit-ms", "500", "--refresh-ms", "100");
        HttpClient http = SensorClient.trustAllHttpClient();
        SensorClient client = new SensorClient(URI.create(first.url), http);
        List<SensorClient.Identity> sensors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var r = client.register(
                    new RegisterRequest("ROLL-" + i, null, "windows", "workstation", null, null, null, 1), "");
            sensors.add(new SensorClient.Identity(r.sensorId(), r.secret()));
        }
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SyntheticHost host = new SyntheticHost(200 + i);
            for (int n = 0; n < 200; n++) {
                byte[] body = host.nextUpload(300);
                uploads.add(new Upload(i, "u-" + n, body, processes(body)));
            }
        }
        Set<Upload> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean killed = new AtomicBoolean();
        int rolls = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                int sensor = s;
                fs.add(pool.submit(() -> {
                    for (Upload u : uploads) {
                        if (u.sensorIndex() != sensor || killed.get()) continue;
                        try {
                            client.upload(sensors.get(sensor), u.id(), u.body());
                            acknowledged.add(u);
                        } catch (Exception e) {
                            return null; // the server died under us: never acknowledged
                        }
                    }
                    return null;
                }));
            }
            for (int threshold : new int[] {uploads.size() / 6, uploads.size() / 3, uploads.size() / 2}) {
                while (acknowledged.size() < threshold) Thread.sleep(2);
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(first.url + "/api/v1/storage/events/new_partition"))
                                .header("X-Auth-Token", first.token)
                                .POST(HttpRequest.BodyPublishers.ofString("null"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                rolls++;
            }
            first.kill();
            killed.set(true);
            for (Future<?> f : fs) f.get();
        }
        assertTrue(acknowledged.size() < uploads.size(), "the kill happened mid-stream");

        try (TestServer second = TestServer.start(data)) {
            long replayed = second.server.ingest().pipeline().replayedAtStart();
            SensorClient again = second.sensorClient();
            int resent = 0;
            for (Upload u : uploads) {
                if (acknowledged.contains(u)) continue;
                resent++;
                again.upload(sensors.get(u.sensorIndex()), u.id(), u.body());
            }
            second.server.ingest().pipeline().awaitIndexed(120_000);
            long expected = uploads.stream().mapToLong(Upload::processes).sum();
            assertEquals(
                    expected,
                    second.get("/api/v1/process?q=&rows=0")
                            .json()
                            .get("total_results")
                            .asLong(),
                    "one segment per process per upload across " + rolls + " rolls (" + replayed + " replayed, "
                            + resent + " re-sent)");
            var listing = second.get("/api/v1/storage/events/partition").json();
            assertEquals(rolls + 1, listing.size(), "every acknowledged roll survived the kill: " + listing);
            long listed = 0;
            for (var p : listing) listed += p.get("info").get("numDocs").asLong();
            assertEquals(expected, listed, "the partitions' document counts add up to the same");
            assertEquals(0, second.server.ingest().pipeline().deadLettered());
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
