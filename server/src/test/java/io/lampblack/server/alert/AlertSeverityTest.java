package io.lampblack.server.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AlertSeverityTest {

    /** Every captured alert's severity follows from its score, feed rating, sensor criticality and confidence. */
    @Test
    void reproducesEveryCapturedAlert() throws Exception {
        Path corpus = TestServer.corpus();
        assumeTrue(corpus != null, "shared corpus not found beside the project; skipping");
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        for (String key : List.of("alert.watchlist.hit.query.process", "alert.watchlist.hit.query.binary")) {
            try (Stream<Path> files = Files.list(corpus.resolve("json").resolve(key))) {
                for (Path f : files.toList()) {
                    JsonNode a = json.readTree(f.toFile());
                    double expected = Double.parseDouble(a.get("alert_severity").asText());
                    double computed = AlertSeverity.of(
                            Integer.parseInt(a.get("report_score").asText()),
                            Double.parseDouble(a.get("feed_rating").asText()),
                            Double.parseDouble(a.get("sensor_criticality").asText()),
                            Double.parseDouble(a.get("ioc_confidence").asText()));
                    assertEquals(expected, computed, 1e-9, f.toString());
                    checked++;
                }
            }
        }
        assertTrue(checked > 400, "all captured alerts: " + checked);
    }

    @Test
    void everyFactorScalesAroundItsNeutralValueAndNoneZeroesTheScore() {
        assertEquals(75 * 0.75, AlertSeverity.of(75, 4, 3, 0.5), 1e-9);
        assertTrue(AlertSeverity.of(75, 5, 3, 0.5) > AlertSeverity.of(75, 1, 3, 0.5));
        assertTrue(AlertSeverity.of(75, 3, 5, 0.5) > AlertSeverity.of(75, 3, 1, 0.5));
        assertTrue(AlertSeverity.of(75, 1, 1, 0) > 0);
        assertEquals(100 * 1.1 * 1.2, AlertSeverity.of(100, 5, 5, 1), 1e-9);
    }
}
