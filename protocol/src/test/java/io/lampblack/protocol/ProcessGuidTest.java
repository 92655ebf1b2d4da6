package io.lampblack.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessGuidTest {

    @Test
    void workedExamplesFromTheReference() {
        assertEquals("00000001-0000-07b4-01d1-209a100bc217", new ProcessGuid(1, 1972, 130921710236713495L).toString());
        assertEquals("00000001-0000-0af4-01d1-1e444bf4c3dd", new ProcessGuid(1, 2804, 130919142851396573L).toString());
        assertEquals("00000007-ffff-ffff-0000-000000000000", new ProcessGuid(7, -1, 0).toString());
        assertEquals(
                new ProcessGuid(1, 3656, 131381347032027104L),
                ProcessGuid.parse("00000001-0000-0e48-01d2-c2a397f4cfe0"));
        assertEquals("00000001-0000-0e48-01d2-c2a397f4cfe0", new ProcessGuid(1, 3656, 131381347032027104L).toString());
    }

    @Test
    void guidOfTheFirstProcessEventAndItsParent() {
        CbEventMsg event = Corpus.event("protobuf/ingress.event.process/0.protobuf");
        int sensor = event.getEnv().getEndpoint().getSensorId();
        ProcessGuid guid = new ProcessGuid(
                sensor, event.getHeader().getProcessPid(), event.getHeader().getProcessCreateTime());
        assertEquals("00000001-0000-07b4-01d1-209a100bc217", guid.toString());
        ProcessGuid parent = new ProcessGuid(
                sensor, event.getProcess().getParentPid(), event.getProcess().getParentCreateTime());
        assertEquals("00000001-0000-0af4-01d1-1e444bf4c3dd", parent.toString());

        CbEventMsg orphan = Corpus.event("protobuf/ingress.event.process/22.protobuf");
        assertEquals(
                "00000007-ffff-ffff-0000-000000000000",
                new ProcessGuid(
                                orphan.getEnv().getEndpoint().getSensorId(),
                                orphan.getProcess().getParentPid(),
                                orphan.getProcess().getParentCreateTime())
                        .toString());
    }

    @Test
    void textAndCompactFormsRoundTrip() {
        ProcessGuid guid = new ProcessGuid(-2, Integer.MIN_VALUE, Long.MIN_VALUE + 12345);
        assertEquals(guid, ProcessGuid.parse(guid.toString()));
        assertEquals(guid, ProcessGuid.fromBits(guid.mostSignificant(), guid.leastSignificant()));
        assertEquals(guid.toString(), guid.toUuid().toString());
        assertEquals(guid, ProcessGuid.fromUuid(guid.toUuid()));
        assertEquals(guid, ProcessGuid.parse(guid.toString().toUpperCase()));
    }

    @Test
    void parseAcceptsUniqueIds() {
        ProcessGuid expected = new ProcessGuid(1, 3656, 131381347032027104L);
        assertEquals(expected, ProcessGuid.parse("00000001-0000-0e48-01d2-c2a397f4cfe0-00000001"));
        assertEquals(expected, ProcessGuid.parse("00000001-0000-0e48-01d2-c2a397f4cfe0-015c30b2cd8d"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "00000001-0000-0e48-01d2-c2a397f4cfe",
                "00000001-0000-0e48-01d2-c2a397f4cfe0-1",
                "00000001x0000-0e48-01d2-c2a397f4cfe0",
                "00000001-0000-0e48-01d2-c2a397f4cfeg",
                "00000001-0000-0e48-01d2-c2a397f4cfe0x00000001",
                "00000001-0000-0e48-01d2-c2a397f4cfe0-0000000z"
            })
    void parseRejectsMalformedText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UniqueId.parse(text));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void segmentsAndUniqueIds() {
        ProcessGuid guid = new ProcessGuid(1, 3656, 131381347032027104L);
        assertEquals("00000001-0000-0e48-01d2-c2a397f4cfe0-015c30b2cd8d", SegmentId.uniqueId(guid, 1495465643405L));
        assertEquals(1495465643405L, SegmentId.parse("00000001-0000-0e48-01d2-c2a397f4cfe0-015c30b2cd8d"));
        assertEquals(1, SegmentId.parse("00000001-0000-0e48-01d2-c2a397f4cfe0-00000001"));
        assertEquals(SegmentId.WHOLE_PROCESS, SegmentId.parse("00000001-0000-0e48-01d2-c2a397f4cfe0"));
        assertEquals("00000001-0000-0e48-01d2-c2a397f4cfe0-000000000000", SegmentId.uniqueId(guid, 0));
        assertEquals(1495465643405L, SegmentId.at(Instant.parse("2017-05-22T15:07:23.405Z")));
        assertEquals(Instant.parse("2017-05-22T15:07:23.405Z"), SegmentId.openedAt(1495465643405L));

        UniqueId id = UniqueId.parse("00000001-0000-0e48-01d2-c2a397f4cfe0-015c30b2cd8d");
        assertEquals(new UniqueId(guid, 1495465643405L), id);
        assertEquals("00000001-0000-0e48-01d2-c2a397f4cfe0-015c30b2cd8d", id.toString());
        assertEquals(id, guid.segment(1495465643405L));
        assertThrows(IllegalArgumentException.class, () -> SegmentId.uniqueId(guid, -1));
        assertThrows(IllegalArgumentException.class, () -> SegmentId.uniqueId(guid, 1L << 48));
    }
}
