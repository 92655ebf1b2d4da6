package io.lampblack.server.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IocIndexTest {

    private static final String FEED = """
            {"feedinfo": {"name": "t", "display_name": "T", "provider_url": "u", "summary": "s", "tech_data": "t"},
             "reports": [
              {"id": "hashes", "timestamp": 1, "link": "l", "title": "Hashes", "score": 90,
               "iocs": {"md5": ["D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"],
                        "sha256": ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
                        "ja3": ["0123456789abcdef0123456789abcdef"]}},
              {"id": "net", "timestamp": 1, "link": "l", "title": "Net", "score": 40,
               "iocs": {"ipv4": ["203.0.113.7"], "ipv6": ["2001:db8::1", "::ffff:198.51.100.9"],
                        "dns": ["Evil.Example."], "md5": ["d41d8cd98f00b204e9800998ecf8427e"]}},
              {"id": "q", "timestamp": 1, "link": "l", "title": "t", "score": 10,
               "iocs": {"query": [{"index_type": "events", "search_query": "cb.urlver=1&q=process_name%3Aevil.exe"}]}}
             ]}""";

    private static IocIndex index() throws Exception {
        IocIndex.Builder b = IocIndex.builder(4);
        FeedParser.parse(new ByteArrayInputStream(FEED.getBytes(StandardCharsets.UTF_8)), b);
        return b.build(24);
    }

    @Test
    void everyKindOfIndicatorIsFoundByWhatSensorsSend() throws Exception {
        IocIndex ix = index();
        assertEquals(3, ix.reports());
        byte[] md5 = HexFormat.of().parseHex("d41d8cd98f00b204e9800998ecf8427e");
        List<IocIndex.Hit> hits = ix.md5(md5);
        assertEquals(
                Set.of("hashes", "net"),
                hits.stream().map(IocIndex.Hit::reportId).collect(Collectors.toSet()),
                "one hit per report, the repeated MD5 of one report counted once");
        IocIndex.Hit h = hits.stream()
                .filter(x -> x.reportId().equals("hashes"))
                .findFirst()
                .orElseThrow();
        assertEquals(new IocIndex.Hit(24, "hashes", "Hashes", 90, IocType.MD5, "d41d8cd98f00b204e9800998ecf8427e"), h);

        assertEquals(
                1,
                ix.sha256(HexFormat.of().parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
                        .size());
        assertEquals(1, ix.ja3("0123456789ABCDEF0123456789ABCDEF").size());
        assertEquals(
                List.of(new IocIndex.Hit(24, "net", "Net", 40, IocType.IPV4, "203.0.113.7")),
                ix.ipv4(203 << 24 | 113 << 8 | 7));
        assertEquals(
                List.of(new IocIndex.Hit(24, "net", "Net", 40, IocType.IPV4, "198.51.100.9")),
                ix.ipv4(198 << 24 | 51 << 16 | 100 << 8 | 9),
                "an IPv4-mapped IPv6 indicator names the IPv4 address");
        assertEquals(
                List.of(new IocIndex.Hit(24, "net", "Net", 40, IocType.IPV6, "2001:db8:0:0:0:0:0:1")),
                ix.ipv6(InetAddress.getByName("2001:db8::1").getAddress()));
        assertEquals(
                List.of(new IocIndex.Hit(24, "net", "Net", 40, IocType.DNS, "evil.example")), ix.dns("EVIL.example."));
        assertEquals(1, ix.queries().size());
        assertEquals("q", ix.queries().getFirst().reportId());
    }

    @Test
    void whatNoReportNamesIsNotFound() throws Exception {
        IocIndex ix = index();
        assertTrue(ix.md5(HexFormat.of().parseHex("00000000000000000000000000000001"))
                .isEmpty());
        assertTrue(ix.md5(new byte[15]).isEmpty(), "truncated MD5s name nothing");
        assertTrue(ix.ipv4(203 << 24 | 113 << 8 | 8).isEmpty());
        assertTrue(ix.dns("example").isEmpty());
        assertTrue(ix.dns("sub.evil.example").isEmpty(), "domains match exactly, as in Carbon Black");
        assertTrue(ix.ja3("not hex at all, but 32 chars long").isEmpty());
    }

    @Test
    void aMillionIndicatorsFitAndAreAllFound() {
        int n = 1_000_000;
        IocIndex.Builder b = IocIndex.builder(16); // far too small a guess: the tables grow
        for (int r = 0; r < n / 1000; r++) {
            java.util.List<String> md5s = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) md5s.add(String.format("%032x", (long) r * 1000 + i));
            b.report(new FeedReport(
                    "r" + r,
                    1,
                    "l",
                    "t",
                    50,
                    "",
                    List.of(),
                    new ReportIocs(
                            md5s,
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            java.util.Optional.empty())));
        }
        IocIndex ix = b.build(1);
        assertEquals(n, ix.indicators());
        for (long v = 0; v < n; v += 997) {
            List<IocIndex.Hit> hits = ix.md5(HexFormat.of().parseHex(String.format("%032x", v)));
            assertEquals(1, hits.size(), "md5 " + v);
            assertEquals("r" + v / 1000, hits.getFirst().reportId());
        }
        assertTrue(ix.md5(HexFormat.of().parseHex(String.format("%032x", (long) n)))
                .isEmpty());
    }
}
