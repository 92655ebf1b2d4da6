package io.lampblack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.rabbitmq.client.Delivery;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.LampblackServer;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code ./lampblack bench intel} (issue 5): ingest with threat intelligence on — a feed of 1,000,000 indicators and
 * 1,000 enabled process watchlists — against the same run with intel off, and the latency from upload to the
 * {@code feed.<id>.ingress.hit.process} message and to the streamed {@code watchlist.hit.process} message.
 *
 * <p>Latency is measured with probes: while the load generator saturates the server, a probe sensor in this JVM
 * uploads one small process every 100 ms whose MD5 and domain are in the feed and whose name one watchlist looks for;
 * a consumer notes when each probe's hits arrive (probes are told apart by their process GUID). The probes run in
 * the intel-off run too, so both runs carry the same load. The feed's 1,000,000 random indicators (MD5s, IPv4
 * addresses, domains) and the 1,000 watchlists (process names, domains, command-line words, module paths, nearly all
 * matching nothing) make every event pay the full lookup and every batch the full matching.
 *
 * <p>Options: {@code --events N} (per ingest run, default 1,000,000), {@code --iocs N} (default 1,000,000),
 * {@code --watchlists N} (default 1,000), {@code --pipeline-queue N} (the server setting, for both runs).
 */
final class IntelBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE_MD5 = "0badc0de0badc0de0badc0de0badc0de";
    private static final String PROBE_DOMAIN = "probe-c2.lampblack.invalid";
    private static final String PROBE_IMAGE = "probe_target.exe";
    private static final long PROBE_INTERVAL_MS = 100;

    private IntelBench() {}

    static void main(String[] args) throws Exception {
        long events = 1_000_000;
        int iocs = 1_000_000;
        int watchlists = 1_000;
        Map<String, String> serverSettings = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[i + 1]);
                case "--iocs" -> iocs = Integer.parseInt(args[i + 1]);
                case "--watchlists" -> watchlists = Integer.parseInt(args[i + 1]);
                case "--pipeline-queue" -> serverSettings.put("pipeline-queue", args[i + 1]);
                default -> throw new IllegalArgumentException("bench intel: unknown option " + args[i]);
            }
        }
        System.out.printf(
                "bench intel: %d events per ingest run, %d indicators, %d watchlists, %d cores%n",
                events, iocs, watchlists, Runtime.getRuntime().availableProcessors());
        Path work = Files.createTempDirectory("lampblack-bench-intel");
        try {
            Path feed = writeFeed(work.resolve("feed.json"), iocs);
            int sensors = 10;
            int perUpload = 1000;
            int uploads = (int) Math.max(1, events / ((long) sensors * perUpload));
            int wl = watchlists;
            // A discarded first run: later runs in this JVM would otherwise profit from its JIT warm-up.
            IngestBench.endToEnd(
                    work.resolve("jvm-warm-up"),
                    sensors,
                    uploads,
                    perUpload,
                    8,
                    2,
                    42,
                    serverSettings,
                    server -> tap(server, feed, wl, new Probes()));
            Probes offProbes = new Probes();
            var off = IngestBench.endToEnd(
                    work.resolve("off"),
                    sensors,
                    uploads,
                    perUpload,
                    8,
                    2,
                    42,
                    serverSettings,
                    server -> tap(server, null, 0, offProbes));
            Probes onProbes = new Probes();
            var on = IngestBench.endToEnd(
                    work.resolve("on"),
                    sensors,
                    uploads,
                    perUpload,
                    8,
                    2,
                    42,
                    serverSettings,
                    server -> tap(server, feed, wl, onProbes));

            System.out.printf("feed_load_s{iocs=\"%d\"} %.2f%n", iocs, onProbes.feedLoadNanos / 1e9);
            System.out.printf("watchlists_enabled %d%n", watchlists);
            System.out.printf("ingest_events_per_s{intel=\"off\"} %.0f%n", off.eventsPerSecond());
            System.out.printf("ingest_events_per_s{intel=\"on\"} %.0f%n", on.eventsPerSecond());
            System.out.printf("ingest_ratio_intel_on_to_off %.2f%n", on.eventsPerSecond() / off.eventsPerSecond());
            System.out.printf("upload_p99_ms{intel=\"off\"} %.1f%n", off.p99Nanos() / 1e6);
            System.out.printf("upload_p99_ms{intel=\"on\"} %.1f%n", on.p99Nanos() / 1e6);
            report("probe_upload", onProbes, onProbes.uploadLatencies);
            report("feed_hit", onProbes, onProbes.feedLatencies);
            report("watchlist_hit_streamed", onProbes, onProbes.watchlistLatencies);
            System.out.printf(
                    "probes_sent{intel=\"off\"} %d (hits received: %d)%n",
                    offProbes.sent.size(), offProbes.feedLatencies.size() + offProbes.watchlistLatencies.size());
        } finally {
            IngestBench.deleteTree(work);
        }
    }

    private static void report(String what, Probes probes, ConcurrentLinkedQueue<Long> latencies) {
        List<Long> l = new ArrayList<>(latencies);
        l.sort(null);
        System.out.printf("%s_received %d (of %d probes)%n", what, l.size(), probes.sent.size());
        if (l.isEmpty()) return;
        System.out.printf("%s_latency_ms{quantile=\"0.5\"} %.1f%n", what, l.get(l.size() / 2) / 1e6);
        System.out.printf(
                "%s_latency_ms{quantile=\"0.99\"} %.1f%n",
                what, l.get(Math.min(l.size() - 1, (int) Math.ceil(l.size() * 0.99) - 1)) / 1e6);
        System.out.printf("%s_latency_ms{quantile=\"max\"} %.1f%n", what, l.getLast() / 1e6);
    }

    /** Probe send times by process GUID, and the latencies of the hits seen for them. */
    private static final class Probes {
        final Map<String, Long> sent = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Long> feedLatencies = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> watchlistLatencies = new ConcurrentLinkedQueue<>();
        /** How long each probe's own upload took to be acknowledged: the part of the latencies that is intake. */
        final ConcurrentLinkedQueue<Long> uploadLatencies = new ConcurrentLinkedQueue<>();

        volatile long feedLoadNanos;

        /** Notes a probe's hit; counts nothing (the probes never stop, so the bus is never quiet). */
        boolean arrived(Delivery d) {
            long now = System.nanoTime();
            try {
                JsonNode body = JSON.readTree(d.getBody());
                String key = d.getEnvelope().getRoutingKey();
                if (key.startsWith("feed.") && key.endsWith(".ingress.hit.process")) {
                    Long t = sent.get(body.path("process_id").asText());
                    if (t != null) feedLatencies.add(now - t);
                } else if (key.equals("watchlist.hit.process")) {
                    for (JsonNode doc : body.path("docs")) {
                        Long t = sent.get(doc.path("id").asText());
                        if (t != null) watchlistLatencies.add(now - t);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return false;
        }
    }

    /** Configures intel (when {@code feed} is set), starts the probes and a consumer of their hits. */
    private static BusTap tap(LampblackServer server, Path feed, int watchlists, Probes probes) throws Exception {
        HttpClient http = SensorClient.trustAllHttpClient();
        String token = server.adminToken().orElseThrow();
        if (feed != null) {
            long t0 = System.nanoTime();
            post(http, server, token, "/api/v1/feed", "{\"feed_url\": \"" + feed.toUri() + "\"}");
            probes.feedLoadNanos = System.nanoTime() - t0;
            for (String q : watchlistQueries(watchlists)) {
                post(
                        http,
                        server,
                        token,
                        "/api/v1/watchlist",
                        JSON.writeValueAsString(Map.of(
                                "name",
                                q,
                                "index_type",
                                "events",
                                "search_query",
                                "cb.urlver=1&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))));
            }
        }
        Prober prober = new Prober(server, probes);
        return BusTap.open(
                server.busUrl(), "api.events", List.of("feed.#", "watchlist.hit.process"), probes::arrived, prober);
    }

    private static void post(HttpClient http, LampblackServer server, String token, String path, String json)
            throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path))
                        .header("X-Auth-Token", token)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
    }

    /** Watchlists as analysts write them: names, domains, command-line words and module paths; one finds the probes. */
    static List<String> watchlistQueries(int n) {
        List<String> out = new ArrayList<>(n);
        if (n == 0) return out;
        out.add("process_name:" + PROBE_IMAGE);
        Random rnd = new Random(7);
        for (int i = 1; i < n; i++) {
            String word = "w" + Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36);
            out.add(
                    switch (i % 5) {
                        case 0 -> "process_name:" + word + ".exe";
                        case 1 -> "domain:" + word + ".example.com";
                        case 2 -> "cmdline:" + word;
                        case 3 -> "modload:" + word + ".dll";
                        default -> "process_name:svchost.exe childproc_name:" + word + ".exe";
                    });
        }
        return out;
    }

    /** A feed of {@code iocs} random indicators in reports of 100 (60 % MD5, 20 % IPv4, 20 % domains), plus the probes'. */
    static Path writeFeed(Path file, int iocs) throws Exception {
        Random rnd = new Random(11);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write(
                    "{\"feedinfo\": {\"name\": \"benchintel\", \"display_name\": \"Bench intel\", \"provider_url\": \"https://x\","
                            + " \"summary\": \"s\", \"tech_data\": \"t\"}, \"reports\": [");
            w.write(
                    "{\"id\": \"probe\", \"timestamp\": 1, \"link\": \"l\", \"title\": \"probe\", \"score\": 90, \"iocs\":"
                            + " {\"md5\": [\"" + PROBE_MD5 + "\"], \"dns\": [\"" + PROBE_DOMAIN + "\"]}}");
            int written = 0;
            for (int r = 0; written < iocs; r++) {
                List<String> md5 = new ArrayList<>();
                List<String> ipv4 = new ArrayList<>();
                List<String> dns = new ArrayList<>();
                for (int i = 0; i < 100 && written < iocs; i++, written++) {
                    int kind = rnd.nextInt(10);
                    if (kind < 6) md5.add(String.format("%016x%016x", rnd.nextLong(), rnd.nextLong()));
                    else if (kind < 8)
                        ipv4.add((rnd.nextInt(223) + 1) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "."
                                + rnd.nextInt(256));
                    else dns.add("d" + Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36) + ".example.net");
                }
                w.write(",{\"id\": \"r" + r + "\", \"timestamp\": 1, \"link\": \"l\", \"title\": \"report " + r
                        + "\", \"score\": " + (rnd.nextInt(100) + 1) + ", \"iocs\": {\"md5\": "
                        + JSON.writeValueAsString(md5)
                        + ", \"ipv4\": " + JSON.writeValueAsString(ipv4) + ", \"dns\": " + JSON.writeValueAsString(dns)
                        + "}}");
            }
            w.write("]}");
        }
        return file;
    }

    /** Sends one probe process every {@value #PROBE_INTERVAL_MS} ms from its own sensor until closed. */
    private static final class Prober implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;

        Prober(LampblackServer server, Probes probes) throws Exception {
            SensorClient client = new SensorClient(URI.create(server.url()), SensorClient.trustAllHttpClient());
            RegisterResponse reg = client.register(
                    new RegisterRequest("PROBE", "probe", "windows", "workstation", "probe", "", "bench", 1),
                    server.registrationToken().orElse(""));
            SensorClient.Identity id = new SensorClient.Identity(reg.sensorId(), reg.secret());
            thread = Thread.ofPlatform().name("bench-prober").daemon(true).start(() -> {
                for (int pid = 4; !stop; pid += 4) {
                    try {
                        long now = FileTimes.fromEpochMillis(System.currentTimeMillis());
                        CbHeaderMsg h = CbHeaderMsg.newBuilder()
                                .setVersion(4)
                                .setTimestamp(now)
                                .setProcessPid(pid)
                                .setProcessCreateTime(now)
                                .setProcessPath("c:\\probe\\" + PROBE_IMAGE)
                                .setProcessMd5(ByteString.fromHex(PROBE_MD5))
                                .build();
                        CbEventMsg start = CbEventMsg.newBuilder()
                                .setHeader(h)
                                .setProcess(CbProcessMsg.newBuilder()
                                        .setCreated(true)
                                        .setMd5Hash(ByteString.fromHex(PROBE_MD5))
                                        .setCommandline(
                                                ByteString.copyFromUtf8("c:\\probe\\" + PROBE_IMAGE + " --probe")))
                                .build();
                        CbEventMsg conn = CbEventMsg.newBuilder()
                                .setHeader(h)
                                .setNetwork(CbNetConnMsg.newBuilder()
                                        .setIpv4Address(NetOrder.ipv4FromString("192.0.2.7"))
                                        .setPort(NetOrder.rawPort(443))
                                        .setProtocol(io.lampblack.protocol.events.SensorEvents.ProtocolType.ProtoTcp)
                                        .setUtf8Netpath(ByteString.copyFromUtf8(PROBE_DOMAIN))
                                        .setOutbound(true))
                                .build();
                        String guid = new ProcessGuid(reg.sensorId(), pid, now).toString();
                        long t0 = System.nanoTime();
                        probes.sent.put(guid, t0);
                        client.upload(id, "probe-" + pid, EventLogWriter.frame(List.of(start, conn)));
                        probes.uploadLatencies.add(System.nanoTime() - t0);
                        Thread.sleep(PROBE_INTERVAL_MS);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        if (!stop) System.err.println("bench: probe failed: " + e);
                    }
                }
            });
        }

        @Override
        public void close() throws Exception {
            stop = true;
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
