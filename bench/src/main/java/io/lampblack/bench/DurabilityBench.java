package io.lampblack.bench;

import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.Simulator;
import io.lampblack.sensor.simulate.SyntheticHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./lampblack bench durability}: the {@code kill -9} loop. A server runs as a child process; sensors upload
 * event logs with unique upload ids and unique events; the server is killed with SIGKILL at a random moment,
 * started again, and the sensors re-send every upload they have no acknowledgement for (as real sensors do) and a
 * few that were acknowledged (which the server must recognise as duplicates). After the last cycle everything is
 * re-sent until acknowledged, and the server's process search is counted against what was acknowledged: one
 * segment per process per upload, so nothing may be missing (lost) and nothing indexed twice (duplicated).
 */
public final class DurabilityBench {

    private DurabilityBench() {}

    /** One upload as the sensor keeps it until acknowledged. */
    record Upload(int sensor, String id, byte[] body, int events, int processes) {}

    /** What the loop measured. */
    record Result(
            int cycles,
            long acknowledged,
            long events,
            long expected,
            long found,
            long resent,
            long resentAlreadyJournaled,
            long dedupeChecks,
            long dedupeRecognised,
            List<Double> restartSeconds) {
        long duplicated() {
            return Math.max(0, found - expected);
        }

        long lost() {
            return Math.max(0, expected - found);
        }
    }

    static void main(String[] args) throws Exception {
        int cycles = 20;
        int sensors = 4;
        int perUpload = 200;
        long seed = 1;
        Optional<Path> home = ServerChild.defaultHome();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--cycles" -> cycles = Integer.parseInt(args[i + 1]);
                case "--sensors" -> sensors = Integer.parseInt(args[i + 1]);
                case "--events-per-upload" -> perUpload = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--home" -> home = Optional.of(Path.of(args[i + 1]).toAbsolutePath());
                default -> throw new IllegalArgumentException("bench durability: unknown option " + args[i]);
            }
        }
        if (cycles < 1 || sensors < 1 || perUpload < 1) {
            throw new IllegalArgumentException("bench durability: --cycles, --sensors, --events-per-upload >= 1");
        }
        Path data = Files.createTempDirectory("lampblack-durability-bench");
        try {
            print(run(home, data, cycles, sensors, perUpload, seed));
        } finally {
            StartupBench.deleteTree(data);
        }
    }

    static void print(Result r) {
        System.out.println("durability_cycles " + r.cycles());
        System.out.println("durability_uploads_acknowledged " + r.acknowledged());
        System.out.println("durability_events_acknowledged " + r.events());
        System.out.println("durability_segments_expected " + r.expected());
        System.out.println("durability_segments_found " + r.found());
        System.out.println("durability_segments_duplicated " + r.duplicated());
        System.out.println("durability_segments_lost " + r.lost());
        System.out.println("durability_uploads_resent_unacknowledged " + r.resent() + " (already journaled: "
                + r.resentAlreadyJournaled() + ")");
        System.out.println("durability_acknowledged_resent " + r.dedupeChecks() + " (recognised as duplicates: "
                + r.dedupeRecognised() + ")");
        if (!r.restartSeconds().isEmpty()) {
            System.out.println("durability_restart_s " + ServerChild.spread(r.restartSeconds()));
        }
    }

    static Result run(Optional<Path> home, Path data, int cycles, int sensorCount, int perUpload, long seed)
            throws Exception {
        HttpClient http = SensorClient.trustAllHttpClient();
        Random random = new Random(seed);
        List<SyntheticHost> hosts = new ArrayList<>();
        for (int i = 0; i < sensorCount; i++) hosts.add(new SyntheticHost(seed * 1_000 + i));
        List<SensorClient.Identity> ids = new ArrayList<>();
        List<Upload> acked = new ArrayList<>();
        List<Upload> pending = new ArrayList<>();
        List<Double> restarts = new ArrayList<>();
        long[] seq = new long[sensorCount];
        long resent = 0, resentDuplicates = 0, checks = 0, recognised = 0;
        for (int cycle = 0; cycle <= cycles; cycle++) {
            boolean last = cycle == cycles;
            try (ServerChild s = ServerChild.start(home, data, List.of("--commit-ms", "500"), line -> {})) {
                double answering = s.secondsUntilAnswering(http);
                if (cycle > 0) restarts.add(answering);
                SensorClient client = new SensorClient(URI.create(s.url()), http);
                if (cycle == 0) {
                    String regToken = ServerChild.serverInfo(data, "sensor_registration_token")
                            .orElse("");
                    for (Simulator.SimSensor sim : new Simulator(client, regToken).register(sensorCount, seed)) {
                        ids.add(sim.identity());
                    }
                }
                // Re-sends: every unacknowledged upload (in each sensor's order), and a few acknowledged ones.
                for (Upload u : List.copyOf(pending)) {
                    resent++;
                    if (client.upload(ids.get(u.sensor()), u.id(), u.body()).duplicate()) resentDuplicates++;
                    pending.remove(u);
                    acked.add(u);
                }
                for (int i = 0; i < 3 && !acked.isEmpty(); i++) {
                    Upload u = recentlyAcknowledged(acked, random);
                    checks++;
                    if (client.upload(ids.get(u.sensor()), u.id(), u.body()).duplicate()) recognised++;
                }
                if (last) {
                    String token = ServerChild.serverInfo(data, "api_token").orElseThrow();
                    long expected = acked.stream().mapToLong(Upload::processes).sum();
                    long found = awaitSegments(s, http, token, expected);
                    s.stop();
                    return new Result(
                            cycles,
                            acked.size(),
                            acked.stream().mapToLong(Upload::events).sum(),
                            expected,
                            found,
                            resent,
                            resentDuplicates,
                            checks,
                            recognised,
                            restarts);
                }
                load(s, client, ids, hosts, seq, perUpload, 300 + random.nextInt(2_500), acked, pending);
            }
        }
        throw new AssertionError("unreachable");
    }

    /** Sensors upload new logs, one connection each, until the server is killed after {@code killAfterMillis}. */
    private static void load(
            ServerChild s,
            SensorClient client,
            List<SensorClient.Identity> ids,
            List<SyntheticHost> hosts,
            long[] seq,
            int perUpload,
            int killAfterMillis,
            List<Upload> acked,
            List<Upload> pending)
            throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        ConcurrentLinkedQueue<Upload> ok = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Upload> failed = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            int sensor = i;
            fs.add(pool.submit(() -> {
                while (!killed.get()) {
                    byte[] body = hosts.get(sensor).nextUpload(perUpload);
                    Upload u = upload(sensor, "dur-" + sensor + "-" + seq[sensor]++, body);
                    try {
                        client.upload(ids.get(sensor), u.id(), u.body());
                        ok.add(u);
                    } catch (Exception e) {
                        failed.add(u); // no acknowledgement: the sensor keeps it and sends it again later
                        return null;
                    }
                }
                return null;
            }));
        }
        Thread.sleep(killAfterMillis);
        s.kill();
        killed.set(true);
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        acked.addAll(ok);
        pending.addAll(failed);
    }

    private static long awaitSegments(ServerChild s, HttpClient http, String token, long expected) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        long found = s.segments(http, token);
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            long now = s.segments(http, token);
            if (now != found) {
                found = now;
                stableSince = System.nanoTime();
            }
            // Done when all are there and a commit or two later nothing more appears (no duplicates trickling in),
            // or when nothing changed for long enough that the missing ones are not coming.
            long quiet = System.nanoTime() - stableSince;
            if (found >= expected && quiet > 2_000_000_000L) return found;
            if (quiet > 30_000_000_000L) return found;
        }
        return found;
    }

    /**
     * One of the uploads a sensor had acknowledged most recently. The server remembers only the last 64 upload ids of
     * each sensor (docs/sensor-protocol.md), so an older one sent again is rightly indexed as new: picking from every
     * acknowledged upload made this bench report a duplicate whenever a sensor had sent more than 64.
     */
    private static Upload recentlyAcknowledged(List<Upload> acked, Random random) {
        int sensor = acked.get(random.nextInt(acked.size())).sensor();
        List<Upload> ofSensor =
                acked.stream().filter(u -> u.sensor() == sensor).toList(); // in the order the server accepted them
        int recent = Math.min(RECENT_UPLOADS_REMEMBERED, ofSensor.size());
        return ofSensor.get(ofSensor.size() - 1 - random.nextInt(recent));
    }

    /** Fewer than the 64 the server remembers per sensor, so that the pick stays inside them. */
    private static final int RECENT_UPLOADS_REMEMBERED = 32;

    static Upload upload(int sensor, String id, byte[] body) throws Exception {
        Set<String> processes = new HashSet<>();
        int events = 0;
        for (CbEventMsg ev :
                EventLogReader.decodeStrict(body, Integer.MAX_VALUE - 16).events()) {
            events++;
            var h = ev.getHeader();
            if (!ev.hasModule() && h.hasProcessPid() && h.hasProcessCreateTime()) {
                processes.add(h.getProcessPid() + "/" + h.getProcessCreateTime());
            }
        }
        return new Upload(sensor, id, body, events, processes.size());
    }
}
