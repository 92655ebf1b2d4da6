package io.lampblack.server.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code binaryinfo.host.observed} tells what threat intelligence already knows of a binary, as Carbon Black's
 * captured messages do: a binary a feed names and a binary watchlist matched, seen on a second endpoint, is announced
 * with {@code scores} {@code {"alliance_score_<feed>": score}} and {@code watchlists} {@code {"watchlist_<id>":
 * time}}; the binaries nothing knows of carry empty maps. Neither has an alert action, so nothing is alerted.
 */
class BinaryObservedIntelIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void hostObservationsCarryScoresAndWatchlists() throws Exception {
        Path corpus = TestServer.corpus();
        assumeTrue(corpus != null, "shared corpus not found beside the project; skipping");
        List<CbEventMsg> modules = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus.resolve("protobuf").resolve("ingress.event.module"))) {
            for (Path f : files.sorted().limit(20).toList()) {
                modules.add(CbEventMsg.parseFrom(Files.readAllBytes(f)).toBuilder()
                        .clearEnv()
                        .build());
            }
        }
        TreeSet<String> md5s = new TreeSet<>();
        for (CbEventMsg m : modules)
            md5s.add(Hashes.moduleMd5Upper(m.getModule().getMd5()));
        assumeTrue(md5s.size() >= 2, "the corpus has too few module-info events");
        String known = md5s.first();
        Path feedFile = Files.writeString(dir.resolve("feed.json"), """
                {"feedinfo": {"name": "binintel", "display_name": "Binary intel", "provider_url": "https://x",
                  "summary": "s", "tech_data": "t"},
                 "reports": [{"id": "r1", "timestamp": 1, "link": "l", "title": "bad dll", "score": 70,
                              "iocs": {"md5": ["%s"]}}]}""".formatted(known.toLowerCase(Locale.ROOT)));

        try (TestServer t = TestServer.start(dir.resolve("data"));
                BusRecorder received = new BusRecorder(t, "binaryinfo.host.observed")) {
            assertEquals(
                    200,
                    t.post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\"}")
                            .status());
            long watchlist = t.post(
                            "/api/v1/watchlist",
                            JSON.writeValueAsString(Map.of(
                                    "name",
                                    "one dll",
                                    "index_type",
                                    "modules",
                                    "search_query",
                                    "cb.urlver=1&q=md5%3A" + known)))
                    .json()
                    .get("id")
                    .asLong();
            SensorClient client = t.sensorClient();
            upload(client, "FIRST-HOST", modules);
            t.server.ingest().pipeline().awaitIndexed(60_000);
            t.server.intel().ingressHits().drain();
            assertEquals(1, t.server.watchlists().runner().runAll(), "the binary watchlist matches the one binary");
            Instant tagged = Instant.now();
            received.drain();
            assertEquals(
                    0,
                    t.get("/api/v2/alert").json().get("total_results").asInt(),
                    "neither the feed nor the watchlist has an alert action: hits, but no alerts");

            upload(client, "SECOND-HOST", modules);
            t.server.ingest().pipeline().awaitIndexed(60_000);
            List<BusRecorder.Message> messages = received.drain();
            TreeSet<String> announced = new TreeSet<>();
            for (BusRecorder.Message m : messages) {
                JsonNode b = m.body();
                if (!b.get("hostname").asText().equals("SECOND-HOST")) continue;
                String md5 = b.get("md5").asText();
                announced.add(md5);
                if (md5.equals(known)) {
                    assertEquals(Map.of("alliance_score_binintel", 70), JSON.convertValue(b.get("scores"), Map.class));
                    JsonNode when = b.get("watchlists").get("watchlist_" + watchlist);
                    assertTrue(when != null && when.isTextual(), b.toString());
                    assertEquals(1, b.get("watchlists").size(), b.toString());
                    assertTrue(
                            !Instant.parse(when.asText()).isAfter(tagged), "the time the watchlist matched: " + when);
                } else {
                    assertEquals(0, b.get("scores").size(), b.toString());
                    assertEquals(0, b.get("watchlists").size(), b.toString());
                }
            }
            assertEquals(md5s, announced, "one host observation per binary");
        }
    }

    private static void upload(SensorClient client, String host, List<CbEventMsg> modules) throws Exception {
        var reg = client.register(new RegisterRequest(host, null, "windows", "workstation", null, null, null, 1), "");
        client.upload(
                new SensorClient.Identity(reg.sensorId(), reg.secret()), host + "-1", EventLogWriter.frame(modules));
    }
}
