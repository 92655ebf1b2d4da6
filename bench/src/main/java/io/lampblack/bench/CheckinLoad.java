package io.lampblack.bench;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.Simulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The sensors' side of the check-in benchmark, in its own JVM so that their CPU is not the server's. For each step
 * N of a ramp it registers sensors up to N, says {@code READY N}, waits for {@code GO}, then has every sensor check in
 * once per interval (sensor i at offset i/N of it) for the given seconds, through {@code connections} worker threads
 * sharing one client's pool of keep-alive connections, and prints {@code RESULT checkins failures p50 p99 max} (ns,
 * measured from when each check-in was due, so a server or client falling behind shows). A sensor that is sent
 * actions carries them out and reports them in a second check-in at once (as told by the "check in now" hint).
 *
 * <p>Args: URL, comma-separated ramp of sensor counts, seconds per step, connections, interval seconds. With
 * {@code --forever} as sixth argument the last step runs until the process is stopped (the ingest comparison).
 */
public final class CheckinLoad {

    private CheckinLoad() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int[] ramp =
                Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        int interval = Integer.parseInt(args[4]);
        boolean forever = args.length > 5 && args[5].equals("--forever");
        Simulator sim = new Simulator(
                new SensorClient(URI.create(url), SensorClient.trustAllHttpClient()),
                System.getenv().getOrDefault(LoadGenerator.TOKEN_VARIABLE, ""));
        List<SensorClient.Identity> sensors = Collections.synchronizedList(new ArrayList<>());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (int n : ramp) {
            register(sim, sensors, n, connections);
            System.out.println("READY " + n);
            System.out.flush();
            if (!forever && !"GO".equals(in.readLine())) return;
            long[] r = run(sim, List.copyOf(sensors), forever ? Integer.MAX_VALUE : seconds, connections, interval);
            System.out.printf("RESULT %d %d %d %d %d%n", r[0], r[1], r[2], r[3], r[4]);
            System.out.flush();
        }
    }

    private static void register(Simulator sim, List<SensorClient.Identity> sensors, int target, int connections)
            throws Exception {
        int missing = target - sensors.size();
        if (missing <= 0) return;
        try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
            List<Future<?>> fs = new ArrayList<>();
            int chunk = Math.max(1, (missing + connections - 1) / connections);
            for (int from = 0; from < missing; from += chunk) {
                int count = Math.min(chunk, missing - from);
                long seed = sensors.size() + from;
                fs.add(pool.submit(() -> {
                    for (Simulator.SimSensor s : sim.register(count, seed)) sensors.add(s.identity());
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        }
    }

    /** @return checkins, failures, p50, p99, max (ns from when each was due) */
    private static long[] run(
            Simulator sim, List<SensorClient.Identity> sensors, int seconds, int connections, int interval)
            throws Exception {
        int n = sensors.size();
        double spacingNanos = interval * 1e9 / n;
        long total = (long) Math.min(Integer.MAX_VALUE - 1L, (long) seconds * n / interval);
        long[] latency = new long[(int) Math.min(total, 5_000_000)];
        AtomicLong next = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
            for (int c = 0; c < connections; c++) {
                pool.submit(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < total) {
                        long due = start + (long) (i * spacingNanos);
                        long wait = due - System.nanoTime();
                        if (wait > 0) LockSupport.parkNanos(wait);
                        try {
                            sim.checkin(sensors.get((int) (i % n)));
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                        if (i < latency.length) latency[(int) i] = System.nanoTime() - due;
                    }
                    return null;
                });
            }
        }
        int measured = (int) Math.min(total, latency.length);
        long[] sorted = Arrays.copyOf(latency, measured);
        Arrays.sort(sorted);
        return new long[] {
            total, failures.get(), pct(sorted, 50), pct(sorted, 99), measured == 0 ? 0 : sorted[measured - 1]
        };
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }
}
