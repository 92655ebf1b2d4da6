package io.lampblack.server.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.bus.BusCounters;
import io.lampblack.server.bus.BusMessage;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.lucene.record.LuceneAlertStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** What was published, in order. */
    private static final class Recorder implements BusPublisher {
        final List<BusMessage> messages = new ArrayList<>();

        @Override
        public boolean publish(BusMessage message) {
            messages.add(message);
            return true;
        }

        @Override
        public void shed(long n) {}

        @Override
        public BusCounters counters() {
            return BusCounters.ZERO;
        }

        @Override
        public void close() {}
    }

    private static AlertSource watchlist() {
        return new AlertSource(
                "watchlist.hit.query.process",
                -1,
                "My Watchlists",
                3.0,
                "11",
                "Chrome",
                75,
                "query",
                "cb.urlver=1&q=process_name%3Achrome.exe",
                "{\"highlights\": []}");
    }

    private static AlertSubject process(int sensorId) {
        return new AlertSubject(
                sensorId,
                "WIN-1",
                "Third Group",
                "windows",
                String.format("%08x-0000-0420-01d1-e1d90eaf1d93", sensorId),
                1,
                "chrome.exe",
                "c:\\chrome.exe",
                "028228C7068DE998D9251C82E61D13A4",
                "WIN-1\\bit9rad");
    }

    @Test
    void severityWeighsTheSensorGroupsCriticalityAsCaptured() {
        Recorder bus = new Recorder();
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        try (Alerts alerts = new Alerts(
                new LuceneAlertStore(dir, clock),
                bus,
                Alerts.ReportIgnorer.NONE,
                sensorId -> sensorId == 9 ? 1.0 : 3.0,
                clock)) {
            ObjectNode a = alerts.raise(watchlist(), process(9)).orElseThrow();
            assertEquals(40.5, a.get("alert_severity").asDouble(), 1e-9, "the captured process alert's value");
            assertEquals(1.0, a.get("sensor_criticality").asDouble());
            assertEquals("028228c7068de998d9251c82e61d13a4", a.get("md5").asText(), "process alerts carry lower case");
            ObjectNode b = alerts.raise(
                            new AlertSource(
                                    "watchlist.hit.query.binary",
                                    -1,
                                    "My Watchlists",
                                    3.0,
                                    "12",
                                    "Unsigned",
                                    75,
                                    "query",
                                    "q",
                                    "{}"),
                            new AlertSubject(
                                    0, "", "", "Windows", "", 0, "", "", "abcdef0123456789abcdef0123456789", ""))
                    .orElseThrow();
            assertEquals(50.625, b.get("alert_severity").asDouble(), 1e-9, "the captured binary alert's value");
            assertEquals("ABCDEF0123456789ABCDEF0123456789", b.get("md5").asText());

            assertEquals(Optional.empty(), alerts.raise(watchlist(), process(9)), "one alert per finding");
            assertEquals(2, bus.messages.size());
            assertEquals(
                    "alert.watchlist.hit.query.process", bus.messages.getFirst().routingKey());
        }
    }

    @Test
    void triageChangesStatusAssigneeAndIgnoresAFeedReportOnce() throws Exception {
        List<String> ignored = new ArrayList<>();
        try (Alerts alerts = new Alerts(
                new LuceneAlertStore(dir, Clock.systemUTC()),
                new Recorder(),
                (feed, report) -> ignored.add(feed + ":" + report),
                Alerts.SensorCriticality.DEFAULT,
                Clock.systemUTC())) {
            AlertSource feed = new AlertSource(
                    "watchlist.hit.ingress.process",
                    7,
                    "intel",
                    3.0,
                    "r1",
                    "bad",
                    80,
                    "md5",
                    "028228c7068de998d9251c82e61d13a4",
                    "{}");
            String a = alerts.raise(feed, process(9))
                    .orElseThrow()
                    .get("unique_id")
                    .asText();
            String b = alerts.raise(feed, process(10))
                    .orElseThrow()
                    .get("unique_id")
                    .asText();
            assertEquals(
                    2,
                    alerts.change(List.of(a, b, "unknown"), Optional.of("false positive"), Optional.of("ana"), true));
            assertEquals(List.of("7:r1"), ignored, "the report is ignored once for both of its alerts");
            JsonNode page =
                    JSON.valueToTree(alerts.search(Map.of("q", List.of("status:\"False Positive\" assigned_to:ana")))
                            .results());
            assertEquals(2, page.size());
            assertTrue(page.get(0).get("is_ignored").asBoolean());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> alerts.change(List.of(a), Optional.of("Done"), Optional.empty(), false));
        }
    }
}
