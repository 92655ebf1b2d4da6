package io.lampblack.bench;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.lucene.process.LuceneProcessIndex;
import io.lampblack.server.process.MetadataLookup;
import io.lampblack.server.process.ProcessMetadataCache;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.process.SegmentAssembler;
import io.lampblack.server.process.SensorContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code ./lampblack bench ingest}: simulated sensors in a separate JVM upload pre-encoded event logs over HTTPS;
 * measured from the first upload until every event is searchable, after a warm-up of the same volume (both JVMs'
 * JIT compilers otherwise spend the timed window compiling Lucene's flush and merge paths). In the same run, the ceiling: the same uploads
 * decoded, assembled and indexed in-process with no HTTP and no journal. One line per figure.
 *
 * <p>Options: {@code --events N} (total, default 2,000,000), {@code --sensors N} (20), {@code --events-per-upload N}
 * (1000), {@code --connections N} (8), {@code --index-threads N} (2).
 */
final class IngestBench {

    private IngestBench() {}

    static void main(String[] args) throws Exception {
        long totalEvents = 2_000_000;
        int sensors = 20;
        int perUpload = 1000;
        int connections = 8;
        int indexThreads = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> totalEvents = Long.parseLong(args[i + 1]);
                case "--sensors" -> sensors = Integer.parseInt(args[i + 1]);
                case "--events-per-upload" -> perUpload = Integer.parseInt(args[i + 1]);
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                case "--index-threads" -> indexThreads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("bench ingest: unknown option " + args[i]);
            }
        }
        int uploadsPerSensor = (int) Math.max(1, totalEvents / ((long) sensors * perUpload));
        long seed = 42;
        Path work = Files.createTempDirectory("lampblack-bench-ingest");
        System.out.printf(
                "bench ingest: %d sensors x %d uploads x %d events, %d connections, %d index threads, %d cores%n",
                sensors,
                uploadsPerSensor,
                perUpload,
                connections,
                indexThreads,
                Runtime.getRuntime().availableProcessors());
        try {
            Measured end2end = endToEnd(
                    work.resolve("server"), sensors, uploadsPerSensor, perUpload, connections, indexThreads, seed);
            double ceiling = ceiling(work.resolve("ceiling"), sensors, uploadsPerSensor, perUpload, indexThreads, seed);
            double cpuPerMillion = end2end.serverCpuNanos / 1e9 / (end2end.events / 1e6);
            System.out.printf("ingest_events_per_s %.0f%n", end2end.eventsPerSecond());
            System.out.printf("server_cpu_s_per_million_events %.2f%n", cpuPerMillion);
            System.out.printf("ceiling_events_per_s %.0f%n", ceiling);
            System.out.printf("ingest_to_ceiling_ratio %.2f%n", end2end.eventsPerSecond() / ceiling);
            System.out.printf("upload_latency_p50_ms %.1f%n", end2end.p50Nanos / 1e6);
            System.out.printf("upload_latency_p99_ms %.1f%n", end2end.p99Nanos / 1e6);
            System.out.printf("peak_heap_mb %.0f%n", end2end.peakHeapBytes / 1048576.0);
            System.out.printf("upload_failures %d%n", end2end.failures);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * @param busPublished messages the server's publisher accepted during the timed window
     * @param busShed      raw-event messages shed during the run (timed window and the drain after it)
     * @param tapReceived  messages a bus consumer received during the timed window (0 without a tap)
     * @param tapTotal     messages it received in all, once the broker had delivered everything
     */
    record Measured(
            long events,
            long nanos,
            long serverCpuNanos,
            long p50Nanos,
            long p99Nanos,
            long peakHeapBytes,
            long failures,
            long busPublished,
            io.lampblack.server.bus.BusCounters bus,
            long busShed,
            long tapReceived,
            long tapTotal) {
        double eventsPerSecond() {
            return events / (nanos / 1e9);
        }
    }

    private static Measured endToEnd(
            Path data, int sensors, int uploadsPerSensor, int perUpload, int connections, int indexThreads, long seed)
            throws Exception {
        return endToEnd(data, sensors, uploadsPerSensor, perUpload, connections, indexThreads, seed, Map.of(), null);
    }

    /** What a benchmark attaches to the started server to watch its bus, e.g. a consumer bound to an exchange. */
    interface TapFactory {
        BusTap open(LampblackServer server) throws Exception;
    }

    /**
     * @param extra further server settings (the bus benchmark turns exports on)
     * @param tap   a bus consumer to attach once the server runs, or null
     */
    static Measured endToEnd(
            Path data,
            int sensors,
            int uploadsPerSensor,
            int perUpload,
            int connections,
            int indexThreads,
            long seed,
            Map<String, String> extra,
            TapFactory tap)
            throws Exception {
        return endToEnd(data, sensors, uploadsPerSensor, perUpload, connections, indexThreads, seed, extra, tap, 0);
    }

    /** @param pace events per second the sensors offer at most (0: as fast as the server takes them) */
    static Measured endToEnd(
            Path data,
            int sensors,
            int uploadsPerSensor,
            int perUpload,
            int connections,
            int indexThreads,
            long seed,
            Map<String, String> extra,
            TapFactory tap,
            double pace)
            throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "data",
                data.toString(),
                "port",
                "0",
                "bus-port",
                "0",
                "index-threads",
                Integer.toString(indexThreads),
                "refresh-ms",
                System.getProperty("bench.refresh", "1000")));
        settings.putAll(extra);
        LampblackServer server = LampblackServer.start(ServerSettings.of(settings));
        Process gen = null;
        BusTap consumer = null;
        try {
            if (tap != null) consumer = tap.open(server);
            ProcessBuilder generator = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx8g",
                            "-XX:+UseParallelGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            LoadGenerator.class.getName(),
                            server.url(),
                            Integer.toString(sensors),
                            Integer.toString(uploadsPerSensor),
                            Integer.toString(perUpload),
                            Integer.toString(connections),
                            Long.toString(seed),
                            Integer.toString(uploadsPerSensor),
                            Double.toString(pace))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            // The registration token travels in the environment, out of sight of ps.
            generator
                    .environment()
                    .put(
                            LoadGenerator.TOKEN_VARIABLE,
                            server.registrationToken().orElse(""));
            gen = generator.start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(gen.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("READY"))
                throw new IllegalStateException("load generator failed: " + line);
            server.ingest().pipeline().awaitIndexed(600_000);
            long warmDocs = server.search().index().documentCount();
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            Map<String, Long> threads0 = threadCpu();
            long gc0 = gcMillis();
            long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long cpu0 = os.getProcessCpuTime();
            long published0 = server.bus().publisher().counters().published();
            long shed0 = server.bus().publisher().counters().shed();
            // The warm-up's exports must have arrived before the count starts.
            long tap0 = consumer == null ? 0 : consumer.awaitQuiet(1_000, 120_000);
            long t0 = System.nanoTime();
            PrintWriter go = new PrintWriter(gen.getOutputStream(), true, StandardCharsets.UTF_8);
            go.println("GO");
            System.err.println("bench: timed window starts at uptime "
                    + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
            String result = out.readLine();
            if (result == null || !result.startsWith("RESULT"))
                throw new IllegalStateException("load generator failed: " + result);
            server.ingest().pipeline().awaitIndexed(3_600_000);
            long t1 = System.nanoTime();
            long tapReceived = consumer == null ? 0 : consumer.messages() - tap0;
            System.err.println("bench: timed window ends at uptime "
                    + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
            long cpu1 = os.getProcessCpuTime();
            Map<String, Long> threads1 = threadCpu();
            System.out.printf(
                    "gc_pause_s_per_million_events %.2f%n",
                    (gcMillis() - gc0) / 1e3 / (Long.parseLong(result.split(" ")[2]) / 1e6));
            System.out.printf(
                    "jit_compile_s_per_million_events %.2f%n",
                    (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0)
                            / 1e3
                            / (Long.parseLong(result.split(" ")[2]) / 1e6));
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            String[] r = result.split(" ");
            long events = Long.parseLong(r[2]);
            long searchable = server.search().index().documentCount() - warmDocs;
            if (searchable <= 0) throw new IllegalStateException("nothing became searchable");
            // Where the server's CPU went, per thread group (what is left is GC, JIT and other JVM threads).
            long accounted = 0;
            for (var e : threads1.entrySet()) {
                long d = e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
                if (d < 50_000_000L) continue;
                accounted += d;
                System.out.printf(
                        "cpu_s_per_million_events{thread=\"%s\"} %.2f%n", e.getKey(), d / 1e9 / (events / 1e6));
            }
            System.out.printf(
                    "cpu_s_per_million_events{thread=\"jvm-other (gc, jit)\"} %.2f%n",
                    (cpu1 - cpu0 - accounted) / 1e9 / (events / 1e6));
            long busPublished = server.bus().publisher().counters().published() - published0;
            long tapTotal = consumer == null ? 0 : consumer.awaitQuiet(2_000, 300_000) - tap0;
            return new Measured(
                    events,
                    t1 - t0,
                    cpu1 - cpu0,
                    Long.parseLong(r[5]),
                    Long.parseLong(r[6]),
                    peak,
                    Long.parseLong(r[3]),
                    busPublished,
                    server.bus().publisher().counters(),
                    server.bus().publisher().counters().shed() - shed0,
                    tapReceived,
                    tapTotal);
        } finally {
            if (consumer != null) consumer.close();
            if (gen != null) gen.destroy();
            server.close();
        }
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(g -> Math.max(0, g.getCollectionTime()))
                .sum();
    }

    /** CPU time of live platform threads, summed per name with digits stripped (indexer-0 and indexer-1 → indexer-). */
    private static Map<String, Long> threadCpu() {
        var mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) continue;
            long t = mx.getThreadCpuTime(info.getThreadId());
            if (t > 0) out.merge(info.getThreadName().replaceAll("\\d+", "N"), t, Long::sum);
        }
        return out;
    }

    /** The same uploads parsed, assembled and indexed in-process: no HTTP, no TLS, no journal. */
    private static double ceiling(Path data, int sensors, int uploadsPerSensor, int perUpload, int threads, long seed)
            throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        List<SyntheticHost> hosts = new ArrayList<>();
        for (int s = 0; s < sensors; s++) hosts.add(new SyntheticHost(seed + s));
        for (int s = 0; s < sensors; s++) {
            for (int u = 0; u < uploadsPerSensor; u++) {
                bodies.add(hosts.get(s).nextUpload(perUpload));
                owners.add(s + 1);
            }
        }
        try (LuceneProcessIndex index = new LuceneProcessIndex(data, 256, 1000, java.time.Clock.systemUTC(), false)) {
            SegmentAssembler assembler = new SegmentAssembler(new ProcessMetadataCache(200_000), MetadataLookup.NONE);
            AtomicInteger next = new AtomicInteger();
            long events = (long) bodies.size() * perUpload;
            long t0 = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    fs.add(pool.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < bodies.size()) {
                            DecodedEventLog log = EventLogReader.decodeStrict(bodies.get(i), Integer.MAX_VALUE - 16);
                            int sensor = owners.get(i);
                            List<ProcessSegment> segs = assembler.assemble(
                                    new SensorContext(
                                            sensor, "SIM-" + sensor, "Default Group", "windows", "workstation"),
                                    1_700_000_000_000L + i,
                                    log);
                            index.add(segs, false);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) f.get();
            }
            index.refresh();
            long t1 = System.nanoTime();
            return events / ((t1 - t0) / 1e9);
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
