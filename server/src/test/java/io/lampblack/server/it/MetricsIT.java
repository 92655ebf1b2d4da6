package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics}: the Prometheus text a scraper reads, behind the API token (header or bearer), with ingest and
 * bus figures that match what actually happened: every uploaded event indexed, every exported event published and
 * confirmed by the embedded broker, nothing undelivered or shed.
 */
class MetricsIT {

    @TempDir
    Path data;

    @Test
    void ingestAndBusFiguresAreScraped() throws Exception {
        try (TestServer t = TestServer.start(data, "broadcast-event-types", "*")) {
            assertEquals(401, t.getWithToken("/metrics", null).status());

            SensorClient client = t.sensorClient();
            var reg = client.register(
                    new RegisterRequest("METRICS-IT", null, "windows", "workstation", null, null, null, 1), "");
            byte[] upload = new SyntheticHost(5).nextUpload(300);
            long routed = EventLogReader.decodeStrict(upload, Integer.MAX_VALUE - 16).events().stream()
                    .filter(e -> EventKind.of(e).isRouted())
                    .count();
            client.upload(new SensorClient.Identity(reg.sensorId(), reg.secret()), "metrics-1", upload);
            t.server.ingest().pipeline().awaitIndexed(30_000);

            String text = "";
            long end = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < end) {
                var r = t.send(HttpRequest.newBuilder(URI.create(t.server.url() + "/metrics"))
                        .header("Authorization", "Bearer " + t.token)
                        .GET());
                assertEquals(200, r.status());
                assertTrue(r.contentType().startsWith("text/plain"), r.contentType());
                text = new String(r.body(), StandardCharsets.UTF_8);
                double confirmed = value(text, "lampblack_bus_confirmed_total");
                if (confirmed >= routed && confirmed == value(text, "lampblack_bus_published_total")) break;
                Thread.sleep(100);
            }
            assertEquals(300, value(text, "lampblack_ingest_events_indexed_total"));
            assertEquals(1, value(text, "lampblack_ingest_uploads_indexed_total"));
            assertEquals(0, value(text, "lampblack_ingest_uploads_deadlettered_total"));
            // Raw events plus the binaryinfo notifications of the upload's binaries.
            assertTrue(value(text, "lampblack_bus_published_total") >= routed, text);
            assertTrue(value(text, "lampblack_bus_confirmed_total") >= routed, text);
            assertEquals(value(text, "lampblack_bus_published_total"), value(text, "lampblack_bus_confirmed_total"));
            assertEquals(0, value(text, "lampblack_bus_undelivered_total"));
            assertEquals(0, value(text, "lampblack_bus_shed_total"));
            assertEquals(0, value(text, "lampblack_audit_lost_total"));
            assertEquals(0, value(text, "lampblack_audit_dropped_total"));
            assertEquals(0, value(text, "lampblack_audit_purged_total"));
            // The route of the one upload, stage by stage: each step ran once, and every queue is there.
            for (String step : List.of(
                    "stage=\"received\",step=\"IngressHits\"",
                    "stage=\"journaled\",step=\"fsync-wait\"",
                    "stage=\"journaled\",step=\"RawExporter\"",
                    "stage=\"journaled\",step=\"Bans\"",
                    "stage=\"assembled\",step=\"SegmentAssembler\"",
                    "stage=\"indexed\",step=\"ProcessIndex\"",
                    "stage=\"indexed\",step=\"BinaryCatalog\"",
                    "stage=\"indexed\",step=\"WatchlistStream\"")) {
                assertEquals(1, labelled(text, "lampblack_ingest_stage_seconds_count", step), step + "\n" + text);
                assertTrue(labelled(text, "lampblack_ingest_stage_seconds_sum", step) > 0, step);
            }
            assertTrue(
                    labelled(text, "lampblack_ingest_stage_seconds_count", "stage=\"durable\",step=\"commit\"") >= 0,
                    "the commit step is listed");
            for (String queue : List.of("journal", "indexers", "bus-export", "intel-hits", "watchlist-stream")) {
                assertTrue(labelled(text, "lampblack_ingest_queued", "queue=\"" + queue + "\"") >= 0, queue);
            }
            assertTrue(text.contains("jvm_memory_used_bytes{"), "JVM meters too");
        }
    }

    /** The value of a sample with exactly these labels, or -1 when absent. */
    private static double labelled(String text, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + ",}") + " (\\S+)$")
                .matcher(text);
        if (m.find()) return Double.parseDouble(m.group(1));
        m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** The value of an unlabelled sample, or -1 when absent. */
    private static double value(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
