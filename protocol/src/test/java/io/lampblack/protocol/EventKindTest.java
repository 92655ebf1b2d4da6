package io.lampblack.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsgv2;
import io.lampblack.protocol.events.SensorEvents.CbProcessMetadataMsg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventKindTest {

    /** Each captured event was published under the routing key of its directory. */
    @Test
    void classifiesEveryCapturedEventUnderItsRoutingKey() throws IOException {
        Map<EventKind, Integer> counts = new EnumMap<>(EventKind.class);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Corpus.file("protobuf"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            EventKind kind = EventKind.of(CbEventMsg.parseFrom(Files.readAllBytes(file)));
            assertEquals(Optional.of(file.getParent().getFileName().toString()), kind.routingKey(), file.toString());
            counts.merge(kind, 1, Integer::sum);
        }
        assertEquals(172, counts.get(EventKind.PROCESS_START));
        assertEquals(70, counts.get(EventKind.PROCESS_END));
        assertEquals(104, counts.get(EventKind.NET_CONN));
        assertEquals(8_143, counts.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void classifiesPayloadsAbsentFromTheCorpus() {
        CbEventMsg v2 = EventLogReaderTest.tamper(1).toBuilder()
                .clearTamperAlert()
                .setNetworkv2(CbNetConnMsgv2.getDefaultInstance())
                .build();
        assertEquals(EventKind.NET_CONN, EventKind.of(v2));
        CbEventMsg meta = EventLogReaderTest.tamper(1).toBuilder()
                .clearTamperAlert()
                .setProcessMeta(CbProcessMetadataMsg.getDefaultInstance())
                .build();
        assertEquals(EventKind.PROCESS_METADATA, EventKind.of(meta));
        assertFalse(EventKind.PROCESS_METADATA.isRouted());
        assertEquals(
                EventKind.OTHER,
                EventKind.of(EventLogReaderTest.tamper(1).toBuilder()
                        .clearTamperAlert()
                        .build()));
    }

    @Test
    void resolvesRoutingKeys() {
        assertEquals(Optional.of(EventKind.PROCESS_START), EventKind.fromRoutingKey("ingress.event.procstart"));
        assertEquals(Optional.of(EventKind.PROCESS_START), EventKind.fromRoutingKey("ingress.event.process"));
        assertEquals(
                Optional.of(EventKind.SCRIPT_EXECUTE), EventKind.fromRoutingKey("ingress.event.filelessscriptload"));
        assertEquals(Optional.empty(), EventKind.fromRoutingKey("watchlist.hit.process"));
        for (EventKind kind : EventKind.values()) {
            kind.routingKey().ifPresent(key -> assertEquals(Optional.of(kind), EventKind.fromRoutingKey(key)));
        }
    }
}
