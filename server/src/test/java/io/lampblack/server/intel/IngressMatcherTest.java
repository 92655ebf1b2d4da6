package io.lampblack.server.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleInfoMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleLoadMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IngressMatcherTest {

    private static final String PROCESS_MD5 = "aa2f1f9e2e4b5a6c7d8e9f0011223344";
    private static final String MODLOAD_MD5 = "bb2f1f9e2e4b5a6c7d8e9f0011223344";
    private static final String MODULE_MD5 = "CC2F1F9E2E4B5A6C7D8E9F0011223344";

    private static CbHeaderMsg.Builder header() {
        return CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(130921710236713495L);
    }

    private static DecodedEventLog upload() throws Exception {
        List<CbEventMsg> events = List.of(
                CbEventMsg.newBuilder()
                        .setHeader(header())
                        .setProcess(CbProcessMsg.newBuilder()
                                .setCreated(true)
                                .setMd5Hash(ByteString.copyFrom(HexFormat.of().parseHex(PROCESS_MD5))))
                        .build(),
                CbEventMsg.newBuilder()
                        .setHeader(header())
                        .setNetwork(CbNetConnMsg.newBuilder()
                                .setIpv4Address(NetOrder.ipv4FromInt(203 << 24 | 113 << 8 | 7))
                                .setUtf8Netpath(ByteString.copyFromUtf8("Evil.Example")))
                        .build(),
                CbEventMsg.newBuilder()
                        .setHeader(header())
                        .setModload(CbModuleLoadMsg.newBuilder()
                                .setMd5Hash(ByteString.copyFrom(HexFormat.of().parseHex(MODLOAD_MD5))))
                        .build(),
                CbEventMsg.newBuilder()
                        .setHeader(header())
                        .setModule(CbModuleInfoMsg.newBuilder().setMd5(ByteString.copyFromUtf8(MODULE_MD5)))
                        .build(),
                CbEventMsg.newBuilder()
                        .setHeader(header())
                        .setNetwork(CbNetConnMsg.newBuilder()
                                .setIpv4Address(NetOrder.ipv4FromInt(10 << 24 | 1))
                                .setUtf8Netpath(ByteString.copyFromUtf8("good.example")))
                        .build());
        return EventLogReader.decodeStrict(EventLogWriter.frame(events), 1 << 20);
    }

    private static IocIndex feed(long id, String reports) throws Exception {
        String json = "{\"feedinfo\": {\"name\": \"f" + id + "\", \"display_name\": \"F\", \"provider_url\": \"u\","
                + " \"summary\": \"s\", \"tech_data\": \"t\"}, \"reports\": [" + reports + "]}";
        IocIndex.Builder b = IocIndex.builder(16);
        FeedParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), b);
        return b.build(id);
    }

    private static String report(String id, String iocs) {
        return "{\"id\": \"" + id
                + "\", \"timestamp\": 1, \"link\": \"l\", \"title\": \"t\", \"score\": 75, \"iocs\": {" + iocs + "}}";
    }

    @Test
    void processBinaryAndNetworkIndicatorsHitTheEventsThatCarryThem() throws Exception {
        IngressMatcher m = new IngressMatcher();
        assertTrue(m.match(upload()).isEmpty(), "no feeds, no hits");
        m.put(feed(
                7,
                String.join(
                        ",",
                        report("proc", "\"md5\": [\"" + PROCESS_MD5 + "\"]"),
                        report("net", "\"ipv4\": [\"203.0.113.7\"], \"dns\": [\"evil.example\"]"),
                        report("mod", "\"md5\": [\"" + MODLOAD_MD5 + "\", \"" + MODULE_MD5 + "\"]"))));
        m.put(feed(9, report("other", "\"dns\": [\"evil.example\"]")));

        List<IngressMatcher.Match> hits = m.match(upload());
        Set<String> seen = hits.stream()
                .map(h -> h.hit().feedId() + "/" + h.hit().reportId() + "/" + h.eventIndex() + "/"
                        + h.hit().type().wire() + "/" + h.hit().value() + (h.binary() ? "/binary" : ""))
                .collect(Collectors.toSet());
        assertEquals(
                Set.of(
                        "7/proc/0/md5/" + PROCESS_MD5,
                        "7/net/1/ipv4/203.0.113.7",
                        "7/net/1/dns/evil.example",
                        "9/other/1/dns/evil.example",
                        "7/mod/2/md5/" + MODLOAD_MD5,
                        "7/mod/3/md5/" + MODULE_MD5.toLowerCase() + "/binary"),
                seen);
        assertEquals(6, hits.size());
        assertTrue(hits.stream().allMatch(h -> h.hit().score() == 75));

        m.remove(7);
        assertEquals(
                List.of("other"),
                m.match(upload()).stream().map(h -> h.hit().reportId()).toList());
    }
}
