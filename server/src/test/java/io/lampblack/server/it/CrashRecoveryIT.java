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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during a stream of uploads loses no acknowledged upload and indexes nothing twice: after the restart
 * (journal replay from the last committed position) and after the sensors re-send what was never acknowledged,
 * the index holds exactly one segment per process per upload.
 */
class CrashRecoveryIT {

    @TempDir
    Path data;

    private record Upload(int sensorIndex, String id, byte[] body, int processes) {}

    @Test
    void killDuringUploadsLosesNothingAndDuplicatesNothing() throws Exception {
        ServerProcess first = ServerProcess.start(data, "--commit-ms", "500", "--refresh-ms", "100");
        SensorClient client = new SensorClient(URI.create(first.url), SensorClient.trustAllHttpClient());
        List<SensorClient.Identity> sensors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var r = client.register(
                    new RegisterRequest("CRASH-" + i, null, "windows", "workstation", null, null, null, 1), "");
            sensors.add(new SensorClient.Identity(r.sensorId(), r.secret()));
        }
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SyntheticHost host = new SyntheticHost(100 + i);
            for (int n = 0; n < 60; n++) {
                byte[] body = host.nextUpload(300);
                uploads.add(new Upload(i, "u-" + n, body, processes(body)));
            }
        }
        Set<Upload> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicBoolean killed = new AtomicBoolean();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                int sensor = s;
                fs.add(pool.submit(() -> {
                    for (Upload u : uploads) {
                        if (u.sensorIndex() != sensor || killed.get()) continue;
                        try {
                            client.upload(sensors.get(sensor), u.id(), u.body());
                            acknowledged.add(u);
                        } catch (Exception e) {
                            return null; // the server died under us: this upload was never acknowledged
                        }
                    }
                    return null;
                }));
            }
            while (acknowledged.size() < uploads.size() / 2) Thread.sleep(5);
            first.kill();
            killed.set(true);
            for (Future<?> f : fs) f.get();
        }
        assertTrue(
                acknowledged.size() >= uploads.size() / 2 && acknowledged.size() < uploads.size(),
                "the kill happened mid-stream (" + acknowledged.size() + " of " + uploads.size() + " acknowledged)");

        try (TestServer second = TestServer.start(data)) {
            // How many acknowledged uploads were only in the journal depends on where the kill fell between two
            // commits (every 500 ms here); the exact segment count below holds either way.
            long replayed = second.server.ingest().pipeline().replayedAtStart();
            SensorClient again = second.sensorClient();
            // Sensors re-send everything they have no acknowledgement for, with the same upload ids.
            int resent = 0;
            int duplicates = 0;
            for (Upload u : uploads) {
                if (acknowledged.contains(u)) continue;
                resent++;
                if (again.upload(sensors.get(u.sensorIndex()), u.id(), u.body()).duplicate()) duplicates++;
            }
            // An acknowledged upload sent again is recognised across the restart too.
            Upload ackedOne = acknowledged.iterator().next();
            assertTrue(again.upload(sensors.get(ackedOne.sensorIndex()), ackedOne.id(), ackedOne.body())
                    .duplicate());

            second.server.ingest().pipeline().awaitIndexed(120_000);
            long expected = uploads.stream().mapToLong(Upload::processes).sum();
            long total = second.get("/api/v1/process?q=&rows=0")
                    .json()
                    .get("total_results")
                    .asLong();
            assertEquals(
                    expected,
                    total,
                    "one segment per process per upload (" + replayed + " replayed from the journal, " + resent
                            + " re-sent, " + duplicates + " of them already journaled before the kill)");
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
