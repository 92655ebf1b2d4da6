package io.lampblack.bench;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.Simulator;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.lucene.process.LuceneProcessIndex;
import io.lampblack.server.search.ProcessHit;
import io.lampblack.server.search.ProcessSearch;
import io.lampblack.server.search.query.QuerySyntaxException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code ./lampblack bench query}: loads synthetic events ({@link SyntheticHost.Profile#QUERY}) through the real
 * HTTPS sensor upload path into a started server, then runs a fixed mix of query classes ({@link QueryMix}) with
 * the cache warm: each concrete query both through {@link ProcessSearch#search} (what {@code /api/v1/process}
 * runs, including reading the result page) and as the same logical query built by hand on Lucene
 * ({@link HandBuilt}, the ceiling), alternating, on the same searcher. One line per figure: p50/p99 per class for
 * both and their ratio, the hits of every concrete query, REST p50 over HTTPS for a few classes, the load phase
 * and the index size on disk per million events. A class whose feature our search does not have yet prints
 * {@code n/a (reason)}; a total that differs from the hand-built one prints a {@code warning:} line.
 *
 * <p>Options: {@code --events N} (10,000,000), {@code --small} (300,000 events, fewer iterations: development),
 * {@code --sensors N} (50), {@code --events-per-upload N} (1000), {@code --connections N} (4),
 * {@code --iterations N} (measured iterations per class, 200), {@code --warmup N} (per class, 50),
 * {@code --seconds S} (cap on one class's measured phase, 30), {@code --rest-requests N} (per class, 100),
 * {@code --data DIR} (keep the loaded server data there and reuse it on the next run instead of loading again).
 */
public final class QueryBench {

    /** Run parameters. */
    public record Options(
            long events,
            int sensors,
            int perUpload,
            int connections,
            int iterations,
            int warmup,
            double seconds,
            int restRequests,
            Path data,
            long seed) {

        public static Options parse(String[] args) {
            long events = 10_000_000;
            int sensors = 50;
            int perUpload = 1000;
            int connections = 4;
            int iterations = 200;
            int warmup = 50;
            double seconds = 30;
            int rest = 100;
            Path data = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--small")) {
                    events = 300_000;
                    sensors = 10;
                    iterations = 100;
                    warmup = 30;
                    rest = 50;
                    continue;
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException("bench query: " + a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--events" ->
                        events = Long.parseLong(v.replace("_", "").replace(",", ""));
                    case "--sensors" -> sensors = Integer.parseInt(v);
                    case "--events-per-upload" -> perUpload = Integer.parseInt(v);
                    case "--connections" -> connections = Integer.parseInt(v);
                    case "--iterations" -> iterations = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--seconds" -> seconds = Double.parseDouble(v);
                    case "--rest-requests" -> rest = Integer.parseInt(v);
                    case "--data" -> data = Path.of(v);
                    default -> throw new IllegalArgumentException("bench query: unknown option " + a);
                }
            }
            if (connections >= sensors) {
                throw new IllegalArgumentException(
                        "bench query: --connections must be below --sensors (one upload per sensor at a time)");
            }
            return new Options(
                    events,
                    sensors,
                    perUpload,
                    connections,
                    Math.max(1, iterations),
                    Math.max(0, warmup),
                    seconds,
                    Math.max(0, rest),
                    data,
                    42);
        }
    }

    /** What one class measured; {@code oursNa} is the reason ours has no figures (null when it has). */
    public record ClassResult(
            String name,
            String oursNa,
            double oursP50,
            double oursP99,
            double ceilingP50,
            double ceilingP99,
            int samples,
            List<String> mismatches,
            List<ProbeResult> probes) {}

    /** p50 of one concrete query of a class (NaN for ours when the class is n/a). */
    public record ProbeResult(String label, double oursP50, double ceilingP50) {}

    /** Everything a run found, for the smoke test. */
    public record Report(List<ClassResult> classes, List<String> warnings) {}

    private QueryBench() {}

    static void main(String[] args) throws Exception {
        run(Options.parse(args), System.out);
    }

    public static Report run(Options o, PrintStream out) throws Exception {
        int uploadsPerSensor = (int) Math.max(1, o.events() / ((long) o.sensors() * o.perUpload()));
        boolean temporary = o.data() == null;
        Path data = temporary ? Files.createTempDirectory("lampblack-bench-query") : o.data();
        out.printf(
                "bench query: %d sensors x %d uploads x %d events, %d connections, %d cores%n",
                o.sensors(),
                uploadsPerSensor,
                o.perUpload(),
                o.connections(),
                Runtime.getRuntime().availableProcessors());
        out.printf("cores %d%n", Runtime.getRuntime().availableProcessors());
        try (LampblackServer server = LampblackServer.start(ServerSettings.of(
                Map.of("data", data.toString(), "port", "0", "bus-port", "0", "index-threads", "2")))) {
            Properties load = loadOnce(server, data, o, uploadsPerSensor);
            LuceneProcessIndex index = (LuceneProcessIndex) server.search().index();
            HandBuilt hand = new HandBuilt();
            long processes =
                    index.read(s -> hand.guidOrdinals(s.getIndexReader()).getValueCount());
            long events = Long.parseLong(load.getProperty("events"));
            long segments = server.search().index().documentCount();
            out.printf("load_events %d%n", events);
            out.printf("load_uploads %s%n", load.getProperty("uploads"));
            out.printf("load_upload_failures %s%n", load.getProperty("failures"));
            out.printf("load_segments %d%n", segments);
            out.printf("load_processes %d%n", processes);
            out.printf("load_events_per_segment %.1f%n", events / (double) Math.max(1, segments));
            out.printf("load_seconds %.1f%n", Double.parseDouble(load.getProperty("seconds")));
            out.printf("load_events_per_s %.0f%n", events / Double.parseDouble(load.getProperty("seconds")));
            if (load.getProperty("reused") != null) out.printf("load_reused_data %s%n", data);
            long indexBytes = treeBytes(data.resolve("index"));
            long vocabularyBytes =
                    treeBytes(data.resolve("index").resolve(LuceneProcessIndex.HOT_PARTITION + ".paths"));
            out.printf("index_disk_mb %.1f%n", indexBytes / 1048576.0);
            out.printf("index_disk_mb_per_million_events %.1f%n", indexBytes / 1048576.0 / (events / 1e6));
            out.printf("path_vocabulary_disk_mb %.1f%n", vocabularyBytes / 1048576.0);
            out.printf("ceiling_guid_ordinal_map_build_ms %.1f%n", hand.ordinalMapNanos() / 1e6);

            QueryMix.Bounds bounds = index.read(QueryMix::bounds);
            List<QueryMix.QueryClass> classes = QueryMix.classes(bounds);
            ProcessSearch search = server.search().search();
            List<String> warnings = new ArrayList<>();
            List<ClassResult> results = new ArrayList<>();
            for (QueryMix.QueryClass c : classes) results.add(measure(c, search, index, hand, o, out, warnings));
            for (ClassResult r : results)
                print(
                        r,
                        classes.stream()
                                .filter(c -> c.name().equals(r.name()))
                                .findFirst()
                                .orElseThrow(),
                        out);
            rest(server, classes, results, o, out);
            out.printf("total_mismatches %d%n", warnings.size());
            for (String w : warnings) out.println(w);
            return new Report(results, warnings);
        } finally {
            if (temporary) deleteTree(data);
        }
    }

    // ---------------------------------------------------------------- load

    private static final String LOAD_FILE = "bench-query-load.properties";

    /**
     * Loads the events unless {@code data} already holds a load of the same shape (from an earlier run with
     * {@code --data}); returns the load figures.
     */
    static Properties loadOnce(LampblackServer server, Path data, Options o, int uploadsPerSensor) throws Exception {
        Path file = data.resolve(LOAD_FILE);
        String shape = o.sensors() + "x" + uploadsPerSensor + "x" + o.perUpload() + "/seed" + o.seed();
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            if (!shape.equals(p.getProperty("shape"))) {
                throw new IllegalArgumentException("bench query: " + data + " holds a load of shape "
                        + p.getProperty("shape") + ", not " + shape + "; use another --data directory");
            }
            p.setProperty("reused", "true");
            return p;
        }
        Properties p = load(server, o, uploadsPerSensor);
        p.setProperty("shape", shape);
        try (var w = Files.newOutputStream(file)) {
            p.store(w, "bench query load figures");
        }
        return p;
    }

    /** One simulated sensor's state; only one connection works on it at a time, so its uploads stay in order. */
    private static final class Feed {
        final SensorClient.Identity identity;
        final SyntheticHost host;
        int next;

        Feed(SensorClient.Identity identity, SyntheticHost host) {
            this.identity = identity;
            this.host = host;
        }
    }

    /**
     * Uploads through the sensor protocol over HTTPS, generating each upload just before it is sent (10 million
     * events pre-encoded would need gigabytes), then waits until everything is searchable and commits. Measured
     * from the first upload until everything is indexed.
     */
    private static Properties load(LampblackServer server, Options o, int uploadsPerSensor) throws Exception {
        SensorClient client = new SensorClient(URI.create(server.url()), SensorClient.trustAllHttpClient());
        Simulator sim = new Simulator(client, server.registrationToken().orElse(""));
        ConcurrentLinkedQueue<Feed> idle = new ConcurrentLinkedQueue<>();
        for (Simulator.SimSensor s : sim.register(o.sensors(), o.seed())) {
            idle.add(new Feed(s.identity(), new SyntheticHost(o.seed() + s.index(), SyntheticHost.Profile.QUERY)));
        }
        AtomicInteger remaining = new AtomicInteger(o.sensors());
        AtomicLong events = new AtomicLong();
        AtomicLong uploads = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long total = (long) o.sensors() * uploadsPerSensor * o.perUpload();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(o.connections())) {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < o.connections(); c++) {
                fs.add(pool.submit(() -> {
                    while (remaining.get() > 0) {
                        Feed f = idle.poll();
                        if (f == null) {
                            Thread.sleep(1);
                            continue;
                        }
                        byte[] body = f.host.nextUpload(o.perUpload());
                        if (send(client, f, body)) {
                            events.addAndGet(o.perUpload());
                            uploads.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                        }
                        if (++f.next < uploadsPerSensor) idle.add(f);
                        else remaining.decrementAndGet();
                    }
                    return null;
                }));
            }
            long lastReport = System.nanoTime();
            for (Future<?> f : fs) {
                while (true) {
                    try {
                        f.get(5, java.util.concurrent.TimeUnit.SECONDS);
                        break;
                    } catch (java.util.concurrent.TimeoutException e) {
                        if (System.nanoTime() - lastReport > 30e9) {
                            lastReport = System.nanoTime();
                            System.err.printf(
                                    "bench query: %d of %d events uploaded (%.0f s)%n",
                                    events.get(), total, (lastReport - t0) / 1e9);
                        }
                    }
                }
            }
        }
        server.ingest().pipeline().awaitIndexed(3_600_000);
        long t1 = System.nanoTime();
        // Index size is measured on committed files, as it stays on disk.
        server.ingest().pipeline().commit();
        server.search().index().refresh();
        Properties p = new Properties();
        p.setProperty("events", Long.toString(events.get()));
        p.setProperty("uploads", Long.toString(uploads.get()));
        p.setProperty("failures", Long.toString(failures.get()));
        p.setProperty("seconds", Double.toString((t1 - t0) / 1e9));
        return p;
    }

    /** One upload, retried with the same upload id (which makes a retry safe) if the server could not take it. */
    private static boolean send(SensorClient client, Feed f, byte[] body) throws InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                client.upload(f.identity, "q-" + f.next, body);
                return true;
            } catch (IOException e) {
                if (attempt == 0) System.err.println("bench query: upload failed, retrying: " + e.getMessage());
                Thread.sleep(200L << attempt);
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- queries

    private static ClassResult measure(
            QueryMix.QueryClass c,
            ProcessSearch search,
            LuceneProcessIndex index,
            HandBuilt hand,
            Options o,
            PrintStream out,
            List<String> warnings) {
        String na = null;
        List<String> mismatches = new ArrayList<>();
        for (QueryMix.Probe p : c.probes()) {
            HandBuilt.Answer expected = index.read(s -> p.ceiling().run(s, hand));
            out.printf("query_hits{class=\"%s\",query=\"%s\"} %d%n", c.name(), escape(p.label()), expected.total());
            ProcessSearch.Outcome got;
            try {
                got = search.search(p.params());
            } catch (RuntimeException e) {
                if (na == null) na = reason(e);
                continue;
            }
            long ours = got.results().total();
            List<String> page =
                    got.results().hits().stream().map(ProcessHit::uniqueId).toList();
            if (ours != expected.total()) {
                long ignored = p.ignored().isPresent()
                        ? index.read(s -> p.ignored().get().count(s, hand))
                        : -1;
                if (ignored == ours && ignored != expected.total()) {
                    if (na == null)
                        na = c.ignoredMeans() + ": " + ours + " where " + expected.total() + " was expected";
                } else {
                    mismatches.add(String.format(
                            "warning: class %s query %s: total %d, hand-built %d",
                            c.name(), p.label(), ours, expected.total()));
                }
                continue;
            }
            if (!p.facetFields().isEmpty()) {
                String facetNa = compareFacets(c, p, got.facets(), expected, mismatches);
                if (facetNa != null && na == null) na = facetNa;
                continue;
            }
            if (!page.equals(expected.page())) {
                mismatches.add(String.format(
                        "warning: class %s query %s: same total %d but the first page differs "
                                + "(ours %s, hand-built %s)",
                        c.name(), p.label(), ours, abbreviate(page), abbreviate(expected.page())));
            }
        }
        warnings.addAll(mismatches);
        boolean oursRuns = na == null;

        int n = c.probes().size();
        long warmEnd = System.nanoTime() + (long) (o.seconds() * 1e9);
        for (int i = 0; i < o.warmup() && System.nanoTime() < warmEnd; i++) {
            QueryMix.Probe p = c.probes().get(i % n);
            if (oursRuns) search.search(p.params());
            index.read(s -> p.ceiling().run(s, hand));
        }
        long[] oursNanos = new long[o.iterations()];
        long[] ceilingNanos = new long[o.iterations()];
        int samples = 0;
        long end = System.nanoTime() + (long) (o.seconds() * 1e9);
        long sink = 0;
        for (int i = 0; i < o.iterations(); i++) {
            if (i >= Math.min(o.iterations(), 10) && System.nanoTime() > end) break;
            QueryMix.Probe p = c.probes().get(i % n);
            // Alternate which goes first, so that neither always finds the other's pages in the CPU caches.
            for (int k = 0; k < 2; k++) {
                if ((k == 0) == (i % 2 == 0)) {
                    if (!oursRuns) continue;
                    long t0 = System.nanoTime();
                    sink += search.search(p.params()).results().hits().size();
                    oursNanos[i] = System.nanoTime() - t0;
                } else {
                    long t0 = System.nanoTime();
                    sink += index.read(s -> p.ceiling().run(s, hand)).page().size();
                    ceilingNanos[i] = System.nanoTime() - t0;
                }
            }
            samples++;
        }
        if (sink == Long.MIN_VALUE) out.println(); // keeps the results alive
        List<ProbeResult> probes = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long[] o1 = everyNth(oursNanos, samples, k, n);
            long[] c1 = everyNth(ceilingNanos, samples, k, n);
            probes.add(new ProbeResult(
                    c.probes().get(k).label(),
                    oursRuns ? percentileMs(o1, o1.length, 50) : Double.NaN,
                    percentileMs(c1, c1.length, 50)));
        }
        return new ClassResult(
                c.name(),
                na,
                oursRuns ? percentileMs(oursNanos, samples, 50) : Double.NaN,
                oursRuns ? percentileMs(oursNanos, samples, 99) : Double.NaN,
                percentileMs(ceilingNanos, samples, 50),
                percentileMs(ceilingNanos, samples, 99),
                samples,
                mismatches,
                probes);
    }

    /** The samples of one concrete query: the class rotates through its queries, so every n-th from k. */
    private static long[] everyNth(long[] all, int samples, int k, int n) {
        long[] out = new long[samples > k ? (samples - k + n - 1) / n : 0];
        for (int i = 0; i < out.length; i++) out[i] = all[k + i * n];
        return out;
    }

    /**
     * Compares facet counts where the response has them in Carbon Black's shape (field → list of {name, value});
     * returns the n/a reason when the response has no facets.
     */
    private static String compareFacets(
            QueryMix.QueryClass c,
            QueryMix.Probe p,
            Map<String, ? extends Object> facets,
            HandBuilt.Answer expected,
            List<String> mismatches) {
        if (facets == null || facets.isEmpty()) return "facets are not computed yet (the response's facets are empty)";
        for (String field : p.facetFields()) {
            Object v = facets.get(field);
            if (!(v instanceof List<?> list)) {
                mismatches.add(
                        String.format("warning: class %s query %s: no facet list for %s", c.name(), p.label(), field));
                continue;
            }
            Map<String, Long> want = expected.facets().get(field);
            for (Object e : list) {
                if (!(e instanceof Map<?, ?> m) || !(m.get("value") instanceof Number value)) {
                    mismatches.add(String.format(
                            "warning: class %s query %s: facet %s entries are not {name, value}",
                            c.name(), p.label(), field));
                    break;
                }
                String name = String.valueOf(m.get("name"));
                Long count = want.get(name);
                if (count == null || count != value.longValue()) {
                    mismatches.add(String.format(
                            "warning: class %s query %s: facet %s=%s counts %d, hand-built %s",
                            c.name(), p.label(), field, name, value.longValue(), count));
                }
            }
        }
        return null;
    }

    private static String reason(RuntimeException e) {
        if (e instanceof QuerySyntaxException) return "HTTP 400 query_malformed_syntax: " + e.getMessage();
        if (e instanceof IllegalArgumentException) return "HTTP 400 invalid_parameter: " + e.getMessage();
        return "error " + e;
    }

    private static void print(ClassResult r, QueryMix.QueryClass c, PrintStream out) {
        String l = "{class=\"" + r.name() + "\"}";
        if (r.oursNa() != null) {
            out.printf("query_p50_ms%s n/a (%s)%n", l, r.oursNa());
            out.printf("query_p99_ms%s n/a (%s)%n", l, r.oursNa());
        } else {
            out.printf("query_p50_ms%s %.2f%n", l, r.oursP50());
            out.printf("query_p99_ms%s %.2f%n", l, r.oursP99());
        }
        out.printf("ceiling_p50_ms%s %.2f%n", l, r.ceilingP50());
        out.printf("ceiling_p99_ms%s %.2f%n", l, r.ceilingP99());
        if (r.oursNa() != null) {
            out.printf("query_to_ceiling_ratio_p50%s n/a%n", l);
            out.printf("query_to_ceiling_ratio_p99%s n/a%n", l);
            out.printf("query_p99_target%s n/a (target < %d ms)%n", l, c.targetP99Ms());
        } else {
            out.printf("query_to_ceiling_ratio_p50%s %.2f%n", l, r.oursP50() / r.ceilingP50());
            out.printf("query_to_ceiling_ratio_p99%s %.2f%n", l, r.oursP99() / r.ceilingP99());
            out.printf(
                    "query_p99_target%s %s (p99 %.1f ms, target < %d ms; ratio target <= 1.5)%n",
                    l, r.oursP99() < c.targetP99Ms() ? "met" : "missed", r.oursP99(), c.targetP99Ms());
        }
        out.printf("query_samples%s %d%n", l, r.samples());
        for (ProbeResult p : r.probes()) {
            String pl = "{class=\"" + r.name() + "\",query=\"" + escape(p.label()) + "\"}";
            if (r.oursNa() == null) out.printf("query_p50_ms%s %.2f%n", pl, p.oursP50());
            out.printf("ceiling_p50_ms%s %.2f%n", pl, p.ceilingP50());
        }
    }

    /** REST p50 over HTTPS (TLS, routing, token check, JSON envelope) for the classes marked for it. */
    private static void rest(
            LampblackServer server,
            List<QueryMix.QueryClass> classes,
            List<ClassResult> results,
            Options o,
            PrintStream out)
            throws Exception {
        if (o.restRequests() == 0) return;
        HttpClient http = SensorClient.trustAllHttpClient();
        String token = server.adminToken().orElseThrow();
        for (int ci = 0; ci < classes.size(); ci++) {
            QueryMix.QueryClass c = classes.get(ci);
            if (!c.rest()) continue;
            String l = "{class=\"" + c.name() + "\"}";
            if (results.get(ci).oursNa() != null) {
                out.printf("rest_p50_ms%s n/a%n", l);
                continue;
            }
            int warm = Math.max(1, o.restRequests() / 5);
            long[] nanos = new long[o.restRequests()];
            String failed = null;
            for (int i = -warm; i < o.restRequests() && failed == null; i++) {
                QueryMix.Probe p = c.probes().get(Math.floorMod(i, c.probes().size()));
                HttpRequest req = HttpRequest.newBuilder(
                                URI.create(server.url() + "/api/v1/process?" + query(p.params())))
                        .header("X-Auth-Token", token)
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build();
                long t0 = System.nanoTime();
                HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                long t = System.nanoTime() - t0;
                if (resp.statusCode() != 200) failed = "HTTP " + resp.statusCode();
                if (i >= 0) nanos[i] = t;
            }
            if (failed != null) out.printf("rest_p50_ms%s n/a (%s)%n", l, failed);
            else out.printf("rest_p50_ms%s %.2f%n", l, percentileMs(nanos, nanos.length, 50));
        }
    }

    private static String query(Map<String, List<String>> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, vs) -> {
            for (String v : vs) {
                if (!b.isEmpty()) b.append('&');
                b.append(enc(k)).append('=').append(enc(v));
            }
        });
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---------------------------------------------------------------- helpers

    static double percentileMs(long[] nanos, int n, double p) {
        if (n == 0) return Double.NaN;
        long[] s = Arrays.copyOf(nanos, n);
        Arrays.sort(s);
        return s[Math.min(n - 1, Math.max(0, (int) Math.ceil(p / 100.0 * n) - 1))] / 1e6;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String abbreviate(List<String> ids) {
        return ids.size() <= 3 ? ids.toString() : ids.subList(0, 3) + "...(" + ids.size() + ")";
    }

    private static long treeBytes(Path p) throws IOException {
        if (!Files.exists(p)) return 0;
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(x -> x.toFile().length())
                    .sum();
        }
    }

    static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (Exception ignored) {
            // temporary files only
        }
    }
}
