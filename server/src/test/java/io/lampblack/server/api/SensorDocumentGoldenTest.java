package io.lampblack.server.api;

import static io.lampblack.server.support.Golden.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lampblack.protocol.sensor.SensorProtocol.HostStatus;
import io.lampblack.server.api.wire.SensorDocument;
import io.lampblack.server.json.Json;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorFacts;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sensor document (reference §5.6) byte for byte: every field, numeric strings, Carbon Black's timestamps. */
class SensorDocumentGoldenTest {

    static final Instant REGISTERED = Instant.parse("2018-02-06T18:44:40.002234Z");
    static final Instant CHECKIN = Instant.parse("2018-02-07T09:00:00.5Z");

    static Sensor sensor(Optional<Instant> lastCheckin, SensorFacts facts, String healthMessage) {
        return new Sensor(
                7,
                2,
                "WIN-5IKQDNF9GO1",
                "win-5ikqdnf9go1.corp.local",
                "windows",
                "workstation",
                "Windows 10 Enterprise",
                "10.0.0.5,0a1b2c3d4e5f|",
                "6.2.0",
                "0".repeat(64),
                REGISTERED,
                lastCheckin,
                true,
                false,
                false,
                "finance laptop",
                true,
                false,
                Optional.of(Instant.parse("2018-02-08T09:00:00Z")),
                healthMessage,
                facts);
    }

    @Test
    void reportedSensor() {
        HostStatus status = new HostStatus(
                "10.0.0.6,0a1b2c3d4e60|192.168.1.5,0a1b2c3d4e61|",
                "Windows 10 Enterprise 10.0.19045",
                86_400L,
                3_600L,
                255_000_000_000L,
                100_000_000_000L,
                17_000_000_000L,
                "6.2.1",
                CHECKIN.toEpochMilli() + 2_000,
                3L,
                1_048_576L,
                1L,
                4_096L,
                true);
        SensorFacts facts = SensorFacts.NONE.updatedBy(status, CHECKIN);
        SensorDocument d = SensorDocument.of(
                sensor(Optional.of(CHECKIN), facts, ""), "Online", Optional.of(CHECKIN.plusSeconds(30)));
        assertMatches("api/sensor.json", Json.bytes(d));
    }

    @Test
    void neverCheckedIn() {
        SensorDocument d = SensorDocument.of(
                sensor(Optional.empty(), SensorFacts.NONE, "isolate failed: no driver"), "Offline", Optional.empty());
        assertMatches("api/sensor-unreported.json", Json.bytes(d));
    }

    @Test
    void factsReportedLaterKeepWhatAReportLeavesOut() {
        SensorFacts first = SensorFacts.NONE.updatedBy(
                new HostStatus(null, null, 10L, null, null, null, 8L, null, null, null, null, null, null, null),
                CHECKIN);
        SensorFacts second = first.updatedBy(
                new HostStatus(null, null, 20L, null, null, null, null, null, null, null, null, null, null, null),
                CHECKIN);
        assertEquals(20L, second.uptime());
        assertEquals(8L, second.physicalMemory(), "a field left out keeps its last value");
    }
}
