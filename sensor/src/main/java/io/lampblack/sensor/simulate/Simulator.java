package io.lampblack.sensor.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.sensor.SensorProtocol.Action;
import io.lampblack.protocol.sensor.SensorProtocol.ActionResult;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives synthetic sensors against a server: each registers, checks in (acknowledging pending actions), and uploads
 * event logs from its {@link SyntheticHost}. Two ways to run: paced ({@link #run}, events/s across all sensors), or
 * as a load generator ({@link #blast}) that encodes every upload before the clock starts and sends them with a fixed
 * number of concurrent connections.
 */
public final class Simulator {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One simulated sensor. */
    public record SimSensor(int index, SensorClient.Identity identity, SyntheticHost host) {}

    /** What a load run measured. */
    public record BlastResult(long uploads, long events, long failures, long nanos, long[] latencyNanos) {
        public double eventsPerSecond() {
            return events / (nanos / 1e9);
        }

        public long percentileNanos(double p) {
            if (latencyNanos.length == 0) return 0;
            long[] s = latencyNanos.clone();
            Arrays.sort(s);
            return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
        }
    }

    private final SensorClient client;
    private final String registrationToken;
    private final Map<Integer, SimulatedEndpoint> endpoints = new ConcurrentHashMap<>();

    public Simulator(SensorClient client, String registrationToken) {
        this.client = client;
        this.registrationToken = registrationToken;
    }

    public List<SimSensor> register(int count, long seed) throws IOException, InterruptedException {
        return register(count, seed, SimulatedPlatform.WINDOWS);
    }

    /** Registers {@code count} sensors of a platform (their host names say which) and checks each in once. */
    public List<SimSensor> register(int count, long seed, SimulatedPlatform platform)
            throws IOException, InterruptedException {
        List<SimSensor> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String host = platform.hostName(i);
            RegisterResponse r = client.register(
                    new RegisterRequest(
                            host,
                            host.toLowerCase() + ".sim.local",
                            platform.osType(),
                            i % 10 == 0 ? "server" : "workstation",
                            platform.osName(),
                            "",
                            "sim-1.0",
                            1),
                    registrationToken);
            SensorClient.Identity id = new SensorClient.Identity(r.sensorId(), r.secret());
            endpoints.computeIfAbsent(
                    id.sensorId(), k -> new SimulatedEndpoint(endpoints.size(), System.currentTimeMillis(), platform));
            checkin(id);
            out.add(new SimSensor(i, id, new SyntheticHost(seed + i)));
        }
        return out;
    }

    /** The simulated host of a sensor: what it carried out, and how to make its next action fail. */
    public SimulatedEndpoint endpoint(SensorClient.Identity id) {
        return endpoints.computeIfAbsent(
                id.sensorId(), k -> new SimulatedEndpoint(endpoints.size(), System.currentTimeMillis()));
    }

    /**
     * Makes {@code sensors} answer live response: each reports {@code supports_cblr} (a check-in, done here, so that
     * sessions can be opened on it at once) and holds the live-response poll until the returned polls are closed.
     * Windows hosts list their synthetic processes (the process GUIDs of their events); Linux hosts a systemd tree of
     * their own.
     *
     * @param memdumpBytes the size of a memory dump
     */
    public LiveResponsePolls answerLiveResponse(List<SimSensor> sensors, int waitSeconds, long memdumpBytes)
            throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("lampblack-simulate-lr");
        Map<SensorClient.Identity, SimulatedLiveResponse> answers = new java.util.LinkedHashMap<>();
        // A few check-ins at a time: a thousand TLS handshakes at once only make them all slow.
        java.util.concurrent.Semaphore reportLiveResponse = new java.util.concurrent.Semaphore(16);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> checkins = new ArrayList<>();
            for (SimSensor s : sensors) {
                SimulatedEndpoint host = endpoint(s.identity());
                host.supportsLiveResponse(true);
                SimulatedProcesses processes =
                        host.platform() == SimulatedPlatform.WINDOWS ? s.host() : new LinuxProcessTable(s.index());
                answers.put(
                        s.identity(),
                        new SimulatedLiveResponse(
                                s.identity().sensorId(),
                                host.platform(),
                                host.platform().hostName(s.index()),
                                processes,
                                s.index(),
                                scratch.resolve(Integer.toString(s.identity().sensorId())),
                                memdumpBytes));
                checkins.add(pool.submit(() -> {
                    reportLiveResponse.acquire();
                    try {
                        return checkinRetrying(s.identity());
                    } finally {
                        reportLiveResponse.release();
                    }
                }));
            }
            for (Future<?> f : checkins) f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        return LiveResponsePolls.start(client, answers, waitSeconds, scratch);
    }

    /**
     * A check-in tried up to three times, a second apart: a pooled connection the server closed while it was idle
     * fails the first request on it, and a sensor would simply check in again.
     */
    private int checkinRetrying(SensorClient.Identity id) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return checkin(id);
            } catch (IOException e) {
                if (attempt == 3) throw e;
                Thread.sleep(1000);
            }
        }
    }

    /**
     * Checks in with the host's status and the results of what it carried out; actions in the answer are carried
     * out and reported at once in a second check-in (as a sensor does when the server says to check in now).
     *
     * @return how many actions the server sent
     */
    public int checkin(SensorClient.Identity id) throws IOException, InterruptedException {
        SimulatedEndpoint host = endpoint(id);
        List<Action> actions = checkinOnce(id, host).response().actions();
        if (actions == null || actions.isEmpty()) return 0;
        host.carryOut(actions);
        checkinOnce(id, host);
        return actions.size();
    }

    /**
     * One check-in: reports what was carried out since the last one (kept until a check-in succeeds) and the
     * versions of the ban list, group config and ingress filters the host holds (so that the answer carries them only
     * when they changed); carries nothing out.
     */
    public SensorClient.Checkin checkinOnce(SensorClient.Identity id, SimulatedEndpoint host)
            throws IOException, InterruptedException {
        List<ActionResult> results = host.unreportedResults();
        SensorClient.Checkin c = client.checkin(
                id,
                new CheckinRequest(
                        List.of(),
                        JSON.valueToTree(host.status(System.currentTimeMillis())),
                        host.banListVersion(),
                        results,
                        host.ingressFilterVersion(),
                        host.configVersion()));
        host.reported(results);
        host.received(c.response());
        return c;
    }

    /**
     * Paced run: uploads of {@code eventsPerUpload} events at {@code eventsPerSecond} in total (0 = as fast as the
     * server takes them) for {@code seconds}, with a check-in every {@code checkinSeconds}. Linux sensors only check
     * in: the event generator's mix is a Windows host's.
     */
    public BlastResult run(
            List<SimSensor> sensors,
            double eventsPerSecond,
            int eventsPerUpload,
            int seconds,
            int checkinSeconds,
            PrintStream out)
            throws InterruptedException {
        AtomicLong uploads = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        // Only Windows sensors upload: the rate is theirs to share.
        long uploaders = sensors.stream()
                .filter(s -> endpoint(s.identity()).platform() == SimulatedPlatform.WINDOWS)
                .count();
        double perSensorInterval = eventsPerSecond <= 0 ? 0 : eventsPerUpload * (double) uploaders / eventsPerSecond;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SimSensor s : sensors) {
                if (endpoint(s.identity()).platform() != SimulatedPlatform.WINDOWS) {
                    pool.submit(() -> checkInUntil(s, end, checkinSeconds, failures));
                    continue;
                }
                pool.submit(() -> {
                    long next = System.nanoTime();
                    long nextCheckin = next + checkinSeconds * 1_000_000_000L;
                    int n = 0;
                    while (System.nanoTime() < end) {
                        byte[] body = s.host().nextUpload(eventsPerUpload);
                        try {
                            client.upload(s.identity(), "sim-" + s.index() + "-" + (++n) + "-" + start, body);
                            uploads.incrementAndGet();
                            events.addAndGet(eventsPerUpload);
                            // The server's "check in now" hint: actions wait for this sensor.
                            if (System.nanoTime() > nextCheckin
                                    || client.checkinNowHinted(s.identity().sensorId())) {
                                checkin(s.identity());
                                nextCheckin = System.nanoTime() + checkinSeconds * 1_000_000_000L;
                            }
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        }
                        if (perSensorInterval > 0) {
                            next += (long) (perSensorInterval * 1e9);
                            long sleep = next - System.nanoTime();
                            if (sleep > 0) Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        }
                    }
                    return null;
                });
            }
            if (out != null) {
                while (System.nanoTime() < end) {
                    Thread.sleep(5000);
                    out.printf(
                            "simulate: %d uploads, %d events, %d failed%n",
                            uploads.get(), events.get(), failures.get());
                }
            }
        }
        return new BlastResult(uploads.get(), events.get(), failures.get(), System.nanoTime() - start, new long[0]);
    }

    private Void checkInUntil(SimSensor s, long endNanos, int checkinSeconds, AtomicLong failures)
            throws InterruptedException {
        while (System.nanoTime() < endNanos) {
            try {
                checkin(s.identity());
            } catch (IOException e) {
                failures.incrementAndGet();
            }
            long sleep = Math.min(checkinSeconds * 1_000_000_000L, endNanos - System.nanoTime());
            if (sleep > 0) Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
        return null;
    }

    /** Encodes uploads for every sensor up front: {@code uploadsPerSensor} uploads of {@code eventsPerUpload}. */
    public static List<byte[][]> pregenerate(List<SimSensor> sensors, int uploadsPerSensor, int eventsPerUpload) {
        List<byte[][]> all = new ArrayList<>();
        for (SimSensor s : sensors) {
            byte[][] bodies = new byte[uploadsPerSensor][];
            for (int i = 0; i < uploadsPerSensor; i++) bodies[i] = s.host().nextUpload(eventsPerUpload);
            all.add(bodies);
        }
        return all;
    }

    /** Sends pre-encoded uploads with {@code connections} concurrent senders; returns throughput and latencies. */
    public BlastResult blast(List<SimSensor> sensors, List<byte[][]> bodies, int eventsPerUpload, int connections)
            throws InterruptedException {
        return blast(sensors, bodies, eventsPerUpload, connections, "blast-");
    }

    /** As {@link #blast(List, List, int, int)}, with upload ids starting with {@code idPrefix}. */
    public BlastResult blast(
            List<SimSensor> sensors, List<byte[][]> bodies, int eventsPerUpload, int connections, String idPrefix)
            throws InterruptedException {
        return blast(sensors, bodies, eventsPerUpload, connections, idPrefix, 0);
    }

    /**
     * As {@link #blast(List, List, int, int, String)}, offering at most {@code maxEventsPerSecond} (0: as fast as
     * the server takes them): upload {@code i} does not start before {@code i * eventsPerUpload / rate} seconds.
     */
    public BlastResult blast(
            List<SimSensor> sensors,
            List<byte[][]> bodies,
            int eventsPerUpload,
            int connections,
            String idPrefix,
            double maxEventsPerSecond)
            throws InterruptedException {
        int perSensor = bodies.getFirst().length;
        int total = sensors.size() * perSensor;
        long[] latency = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                fs.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        // Round-robin over sensors so that each sensor's uploads stay in order.
                        int sensor = i % sensors.size();
                        int seq = i / sensors.size();
                        SimSensor s = sensors.get(sensor);
                        if (maxEventsPerSecond > 0) {
                            long due = start + (long) (i * (double) eventsPerUpload / maxEventsPerSecond * 1e9);
                            long wait = due - System.nanoTime();
                            if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        long t0 = System.nanoTime();
                        try {
                            client.upload(s.identity(), idPrefix + seq, bodies.get(sensor)[seq]);
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        latency[i] = System.nanoTime() - t0;
                    }
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.incrementAndGet();
                }
            }
        }
        long nanos = System.nanoTime() - start;
        return new BlastResult(total, (long) total * eventsPerUpload, failures.get(), nanos, latency);
    }
}
