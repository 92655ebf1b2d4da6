package io.lampblack.bench;

import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.sensor.Sensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./lampblack bench checkin} (issue 13): how many sensors one server keeps checking in.
 *
 * <p>Part 1, the ramp: N simulated sensors (in a child JVM, {@link CheckinLoad}) check in every 30 s over a bounded
 * pool of keep-alive connections, while this JVM's server queues an action for a random sensor every second (so
 * some check-ins carry actions and their results). For each N: check-ins, p50/p99 latency, the server's CPU
 * (seconds per 1,000 check-ins and cores busy); then the largest N whose p99 stayed under 200 ms.
 *
 * <p>Part 2, ingest beside check-ins: the ingest benchmark's run with the largest passing N checking in and
 * without, alternating (off, on, off, on, ...), at least 3 rounds each; events/s and CPU-s per million events per
 * round, the medians with min–max, and the ratio of the medians.
 *
 * <p>Options: {@code --ramp 2500,5000,10000,20000,40000}, {@code --seconds 60} per step, {@code --connections 16},
 * {@code --interval 30}, {@code --rounds 3}, {@code --events 1000000} per ingest round ({@code --rounds 0} skips
 * part 2).
 */
final class CheckinBench {

    private static final double P99_LIMIT_MS = 200;
    private static final long IDLE_MILLIS = 10_000;

    private CheckinBench() {}

    static void main(String[] args) throws Exception {
        String ramp = "2500,5000,10000,20000,40000";
        int seconds = 60;
        int connections = 16;
        int interval = 30;
        int rounds = 3;
        long events = 1_000_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--ramp" -> ramp = args[i + 1];
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                case "--interval" -> interval = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--events" -> events = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("bench checkin: unknown option " + args[i]);
            }
        }
        System.out.printf(
                "bench checkin: ramp %s sensors, %d s per step, %d connections, interval %d s, %d cores%n",
                ramp, seconds, connections, interval, Runtime.getRuntime().availableProcessors());
        Path work = Files.createTempDirectory("lampblack-bench-checkin");
        try {
            int best = ramp(work.resolve("ramp"), ramp, seconds, connections, interval);
            System.out.printf("largest_sensors_p99_under_200ms %d%n", best);
            if (rounds > 0 && best > 0) ingest(work, best, rounds, events, connections, interval);
        } finally {
            IngestBench.deleteTree(work);
        }
    }

    private static int ramp(Path data, String ramp, int seconds, int connections, int interval) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "data", data.toString(), "port", "0", "bus-port", "0", "checkin-seconds", Integer.toString(interval)));
        int best = 0;
        try (LampblackServer server = LampblackServer.start(ServerSettings.of(settings))) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            // What the server costs with nobody checking in (index refresh and commit, the bus), measured before the
            // sensors register: subtracted below.
            long idle0 = os.getProcessCpuTime();
            long idleT0 = System.nanoTime();
            Thread.sleep(IDLE_MILLIS);
            double idleCores = (double) (os.getProcessCpuTime() - idle0) / (System.nanoTime() - idleT0);
            System.out.printf("server_idle_cores_busy %.3f%n", idleCores);
            Process gen = child(server, ramp, seconds, connections, interval, false);
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(gen.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter go = new PrintWriter(gen.getOutputStream(), true, StandardCharsets.UTF_8);
            ScheduledExecutorService actions = Executors.newSingleThreadScheduledExecutor();
            Random random = new Random(13);
            actions.scheduleAtFixedRate(
                    () -> {
                        List<Sensor> all = server.sensors().registry().sensors();
                        if (all.isEmpty()) return;
                        int id = all.get(random.nextInt(all.size())).id();
                        server.sensors().control().queue(id, SensorProtocol.FLUSH, "{}");
                    },
                    1,
                    1,
                    TimeUnit.SECONDS);
            try {
                String line;
                while ((line = out.readLine()) != null && line.startsWith("READY")) {
                    int n = Integer.parseInt(line.substring(6).trim());
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    go.println("GO");
                    String result = out.readLine();
                    if (result == null || !result.startsWith("RESULT"))
                        throw new IllegalStateException("check-in load failed: " + result);
                    long cpu = os.getProcessCpuTime() - cpu0;
                    long wall = System.nanoTime() - t0;
                    String[] r = result.split(" ");
                    long checkins = Long.parseLong(r[1]);
                    double p99 = Long.parseLong(r[4]) / 1e6;
                    System.out.printf("checkins{sensors=\"%d\"} %d (failed %s)%n", n, checkins, r[2]);
                    System.out.printf("checkins_per_s{sensors=\"%d\"} %.0f%n", n, checkins / (wall / 1e9));
                    System.out.printf(
                            "checkin_latency_ms{sensors=\"%d\"} p50 %.1f p99 %.1f max %.1f%n",
                            n, Long.parseLong(r[3]) / 1e6, p99, Long.parseLong(r[5]) / 1e6);
                    System.out.printf(
                            "server_cpu_s_per_1000_checkins{sensors=\"%d\"} %.3f%n", n, cpu / 1e9 / (checkins / 1e3));
                    System.out.printf("server_cores_busy{sensors=\"%d\"} %.2f%n", n, (double) cpu / wall);
                    double above = Math.max(0, cpu - idleCores * wall);
                    System.out.printf(
                            "server_cpu_s_per_1000_checkins_above_idle{sensors=\"%d\"} %.3f%n",
                            n, above / 1e9 / (checkins / 1e3));
                    if (p99 < P99_LIMIT_MS && Long.parseLong(r[2]) == 0) best = n;
                }
            } finally {
                actions.shutdownNow();
                gen.destroy();
            }
        }
        return best;
    }

    /** Ingest rounds alternating check-ins off and on (the same ingest each time), then medians and the ratio. */
    private static void ingest(Path work, int sensors, int rounds, long events, int connections, int interval)
            throws Exception {
        int uploaders = 10;
        int perUpload = 1000;
        int uploads = (int) Math.max(1, events / ((long) uploaders * perUpload));
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        List<Double> offCpu = new ArrayList<>();
        List<Double> onCpu = new ArrayList<>();
        for (int round = 0; round < 2 * rounds; round++) {
            boolean checkins = round % 2 == 1;
            Process[] load = new Process[1];
            IngestBench.TapFactory tap = !checkins
                    ? null
                    : server -> {
                        load[0] = child(server, Integer.toString(sensors), 0, connections, interval, true);
                        BufferedReader out = new BufferedReader(
                                new InputStreamReader(load[0].getInputStream(), StandardCharsets.UTF_8));
                        String ready = out.readLine();
                        if (ready == null || !ready.startsWith("READY"))
                            throw new IllegalStateException("check-in load failed: " + ready);
                        return null;
                    };
            try {
                var m = IngestBench.endToEnd(
                        work.resolve("ingest-" + round),
                        uploaders,
                        uploads,
                        perUpload,
                        8,
                        2,
                        42,
                        Map.of("checkin-seconds", Integer.toString(interval)),
                        tap);
                double cpuPerMillion = m.serverCpuNanos() / 1e9 / (m.events() / 1e6);
                (checkins ? on : off).add(m.eventsPerSecond());
                (checkins ? onCpu : offCpu).add(cpuPerMillion);
                System.out.printf(
                        "ingest_round{round=\"%d\",checkins=\"%s\"} %.0f events/s, %.2f cpu_s_per_million_events%n",
                        round, checkins ? "on" : "off", m.eventsPerSecond(), cpuPerMillion);
            } finally {
                if (load[0] != null) load[0].destroy();
                IngestBench.deleteTree(work.resolve("ingest-" + round));
            }
        }
        System.out.printf("ingest_events_per_s{checkins=\"off\"} %s%n", ServerChild.spread(off));
        System.out.printf("ingest_events_per_s{checkins=\"on\",sensors=\"%d\"} %s%n", sensors, ServerChild.spread(on));
        System.out.printf("ingest_cpu_s_per_million_events{checkins=\"off\"} %s%n", ServerChild.spread(offCpu));
        System.out.printf("ingest_cpu_s_per_million_events{checkins=\"on\"} %s%n", ServerChild.spread(onCpu));
        System.out.printf("ingest_ratio_checkins_on_to_off %.3f%n", median(on) / median(off));
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static Process child(
            LampblackServer server, String ramp, int seconds, int connections, int interval, boolean forever)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                "-cp",
                System.getProperty("java.class.path"),
                CheckinLoad.class.getName(),
                server.url(),
                ramp,
                Integer.toString(seconds),
                Integer.toString(connections),
                Integer.toString(interval)));
        if (forever) cmd.add("--forever");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment()
                .put(LoadGenerator.TOKEN_VARIABLE, server.registrationToken().orElse(""));
        return pb.start();
    }
}
