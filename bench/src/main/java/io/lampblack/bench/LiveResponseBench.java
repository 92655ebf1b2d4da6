package io.lampblack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.LiveResponsePolls;
import io.lampblack.sensor.simulate.Simulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./lampblack bench lr} (issue 14): live response at scale. A server in a child JVM (as {@code ./lampblack
 * server} runs it) with its concurrent-session limit raised; N simulated sensors in this JVM, each holding its
 * live-response poll, each with one open session created through the REST API as cbapi creates it (look for a
 * reusable session, else {@code POST /api/v1/cblr/session}, then {@code GET} it every second until it is active).
 *
 * <p>The analysts are API users created through the REST API, one per 16 workers: the server holds at most 16
 * {@code ?wait=true} GETs per user and answers the rest at once, which would turn one user's thousand fetches into a
 * busy loop. GETs per command are printed (1.00 means every fetch was held until the command was done). Analysts and
 * sensors use separate HTTP clients on virtual threads.
 *
 * <p>After an unmeasured round of each kind (it opens the connections the rounds use), rounds alternate (baseline,
 * live response, baseline, ...). In a live-response round every session runs {@code --commands} commands one after
 * another (a mix of directory list, process list and, on Windows, reg enum key), all sessions at once: the round trip
 * is from the {@code POST .../command} until the command reads {@code complete}, fetched with
 * {@code GET .../command/<id>?wait=true}; any other end (error, cancelled) or two minutes pending is a failure. In a
 * baseline round the same workers each make as many plain authenticated REST GETs of their session. Failures are
 * counted, not timed; connection retries (same policy for both kinds) are counted; a run with any failure is marked
 * invalid. Printed per round: commands (or requests) per second, p50/p99, failures, retries, analyst requests per
 * step, server and bench-JVM CPU; for live response also GETs and sensor requests per command. Then over all rounds:
 * p50/p99, the ratio of the live-response p50 to the baseline p50 (a command is 2 analyst requests plus about 2 sensor
 * exchanges, a baseline step 1 GET), sessions held, the server's heap and RSS, server CPU-seconds per command and per
 * baseline request, and the bench JVM's CPU per command (it shares the cores with the server). A closed loop: with
 * all sessions driven at once the latency includes the queue of that many commands in flight. Targets (reported, not
 * asserted): 1,000 concurrent sessions; p50 under 20 ms, p99 under 200 ms.
 *
 * <p>Options: {@code --sensors 1000}, {@code --commands 5} per session per round, {@code --rounds 3},
 * {@code --rate R} open loop: R steps per second in all, each session on a fixed schedule (latency from the scheduled
 * start; 0, the default, is the closed loop), {@code --concurrency N} sessions driven at once (default: all of them; fewer shows the round trip without the
 * queueing of a thousand commands in flight on a small machine).
 */
public final class LiveResponseBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MIX = {"directory list", "process list", "reg enum key"};
    private static final String[] MIX_OBJECTS = {
        "C:\\Windows\\*", "", "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run"
    };

    private LiveResponseBench() {}

    static void main(String[] args) throws Exception {
        int sensors = 1000;
        int commands = 5;
        int rounds = 3;
        int concurrency = -1;
        double rate = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sensors" -> sensors = Integer.parseInt(args[i + 1]);
                case "--commands" -> commands = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("bench lr: unknown option " + args[i]);
            }
        }
        if (concurrency < 0) concurrency = sensors;
        if (rate < 0 || !Double.isFinite(rate))
            throw new IllegalArgumentException("bench lr: --rate must be a number of commands per second, 0 or more");
        if (rate > 0) concurrency = sensors; // open loop: every session on its own schedule
        if (sensors < 1 || commands < 1 || rounds < 1 || concurrency < 1)
            throw new IllegalArgumentException(
                    "bench lr: --sensors, --commands, --rounds and --concurrency must be at least 1");
        System.out.printf(
                "bench lr: %d sensors with one session each, %d commands per session per round, %d sessions driven"
                        + " at once, %d rounds each, %d cores%n",
                sensors, commands, concurrency, rounds, Runtime.getRuntime().availableProcessors());
        Path data = Files.createTempDirectory("lampblack-bench-lr");
        // Client and server share the machine: a thousand TLS handshakes at once on two busy cores take longer than
        // the default 10 s deadline, which is meant for clients that stall, not for this.
        List<String> settings =
                List.of("--lr-max-sessions", Integer.toString(sensors + 100), "--tls-handshake-seconds", "120");
        try (ServerChild server = ServerChild.start(ServerChild.defaultHome(), data, settings, line -> {})) {
            run(server, data, sensors, commands, rounds, concurrency, rate);
        } finally {
            IngestBench.deleteTree(data);
        }
    }

    private static void run(
            ServerChild server, Path data, int sensors, int commands, int rounds, int concurrency, double rate)
            throws Exception {
        // Separate clients for the analysts and the sensors, each on virtual threads: a shared client's default
        // executor is a handful of platform threads that both sides would queue behind.
        HttpClient sensorHttp = SensorClient.trustAllHttpClient(Executors.newVirtualThreadPerTaskExecutor());
        HttpClient restHttp = SensorClient.trustAllHttpClient(Executors.newVirtualThreadPerTaskExecutor());
        String token = ServerChild.serverInfo(data, "api_token").orElseThrow();
        String registration =
                ServerChild.serverInfo(data, "sensor_registration_token").orElse("");
        Counters counters = new Counters();
        Rest admin = new Rest(restHttp, server.url(), token, counters);
        int workers = Math.min(concurrency, sensors);
        Rest[] analysts = analysts(admin, workers);
        System.out.printf(
                "analysts %d API users created through the REST API, at most %d held waits each (the server's cap"
                        + " per user)%n",
                analysts.length, WAITS_PER_USER);
        Simulator sim = new Simulator(new SensorClient(URI.create(server.url()), sensorHttp), registration);
        List<Simulator.SimSensor> list = sim.register(sensors, 14);
        com.sun.management.OperatingSystemMXBean self = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (LiveResponsePolls polls = sim.answerLiveResponse(list, 30, 1 << 20)) {
            long t0 = System.nanoTime();
            long[] sessions = openSessions(admin, list);
            System.out.printf(
                    "sessions_opened %d in %.1f s (as cbapi: list, create, poll every second until active)%n",
                    sessions.length, (System.nanoTime() - t0) / 1e9);

            // Not measured: opens the connections the rounds use (each worker holds one), so that no round pays for
            // a thousand handshakes.
            baselineRound(analysts, sessions, 1, workers, 0);
            commandRound(analysts, sessions, 1, workers, 0, 0);
            if (rate > 0)
                System.out.printf(
                        "open_loop %.1f steps/s in all: each session one every %.2f s from a random phase; latency"
                                + " from the scheduled start%n",
                        rate, sessions.length / rate);

            List<Double> lrP50 = new ArrayList<>();
            List<Double> lrP99 = new ArrayList<>();
            List<Double> baseP50 = new ArrayList<>();
            List<Double> baseP99 = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<long[]> allLr = new ArrayList<>();
            long cpuNanos = 0;
            long benchCpuNanos = 0;
            long commandsDone = 0;
            long baseCpuNanos = 0;
            long baseRequests = 0;
            long failed = 0;
            double baselineP50 = 0;
            for (int round = 0; round < 2 * rounds; round++) {
                boolean lr = round % 2 == 1;
                long cpu0 = server.cpuNanos();
                long self0 = self.getProcessCpuTime();
                long req0 = counters.requests.get();
                long get0 = counters.commandGets.get();
                long retry0 = counters.retries.get();
                long polls0 = polls.polls();
                long work0 = polls.work();
                long w0 = System.nanoTime();
                Round r = lr
                        ? commandRound(analysts, sessions, commands, workers, round, rate)
                        : baselineRound(analysts, sessions, commands, workers, rate);
                long wall = System.nanoTime() - w0;
                long cpu = server.cpuNanos() - cpu0;
                long selfCpu = self.getProcessCpuTime() - self0;
                long done = r.latencies().length;
                double p50 = percentileMillis(r.latencies(), 50);
                double p99 = percentileMillis(r.latencies(), 99);
                System.out.printf(
                        "round{n=\"%d\",kind=\"%s\"} %d ok in %.1f s (%.0f/s), p50 %.1f ms, p99 %.1f ms, %d failed,"
                                + " %d retries, analyst requests/step %.2f, server cpu %.1f s, bench cpu %.1f s%n",
                        round,
                        lr ? "lr" : "baseline",
                        done,
                        wall / 1e9,
                        done / (wall / 1e9),
                        p50,
                        p99,
                        r.failures(),
                        counters.retries.get() - retry0,
                        perStep(counters.requests.get() - req0, done + r.failures()),
                        cpu / 1e9,
                        selfCpu / 1e9);
                if (lr) {
                    System.out.printf(
                            "round{n=\"%d\"} per command: %.2f GETs ?wait=true, %.2f sensor requests (polls and"
                                    + " results)%n",
                            round,
                            perStep(counters.commandGets.get() - get0, done + r.failures()),
                            perStep(polls.polls() - polls0 + polls.work() - work0, done + r.failures()));
                    lrP50.add(p50);
                    lrP99.add(p99);
                    ratios.add(p50 / baselineP50);
                    allLr.add(r.latencies());
                    cpuNanos += cpu;
                    benchCpuNanos += selfCpu;
                    commandsDone += done;
                } else {
                    baselineP50 = p50;
                    baseP50.add(p50);
                    baseP99.add(p99);
                    baseCpuNanos += cpu;
                    baseRequests += done;
                }
                failed += r.failures();
            }
            long[] all = allLr.stream().flatMapToLong(Arrays::stream).toArray();
            System.out.printf("sessions_held %d%n", admin.activeSessions());
            System.out.printf(
                    "lr_round_trip_ms p50 %.1f p99 %.1f (%d commands; POST command to complete, fetched"
                            + " with ?wait=true; failures excluded; targets p50 < 20, p99 < 200)%n",
                    percentileMillis(all, 50), percentileMillis(all, 99), all.length);
            System.out.printf("lr_p50_ms %s%n", ServerChild.spread(lrP50));
            System.out.printf("lr_p99_ms %s%n", ServerChild.spread(lrP99));
            System.out.printf("baseline_rest_get_p50_ms %s%n", ServerChild.spread(baseP50));
            System.out.printf("baseline_rest_get_p99_ms %s%n", ServerChild.spread(baseP99));
            System.out.printf(
                    "ratio_lr_p50_to_baseline_p50 %s (a command is 2 analyst requests and about 2 sensor exchanges;"
                            + " a baseline step is 1 GET)%n",
                    ServerChild.spread(ratios));
            System.out.printf("server_cpu_s_per_command %.5f%n", commandsDone == 0 ? 0 : cpuNanos / 1e9 / commandsDone);
            System.out.printf(
                    "server_cpu_s_per_baseline_request %.5f%n",
                    baseRequests == 0 ? 0 : baseCpuNanos / 1e9 / baseRequests);
            System.out.printf(
                    "bench_jvm_cpu_s_per_command %.5f (analysts and simulated sensors, on the same cores as the"
                            + " server)%n",
                    commandsDone == 0 ? 0 : benchCpuNanos / 1e9 / commandsDone);
            System.out.printf(
                    "server_heap_used_mb %.0f%n",
                    admin.heapUsedBytes().map(b -> b / 1e6).orElse(Double.NaN));
            System.out.printf("server_rss_mb %.0f%n", server.rssBytes() / 1e6);
            if (server.collectGarbage())
                System.out.printf(
                        "server_heap_used_after_gc_mb %.0f (%d sessions open)%n",
                        admin.heapUsedBytes().map(b -> b / 1e6).orElse(Double.NaN), sessions.length);
            System.out.printf(
                    "sensor_side polls %d, work %d, failures %d%n", polls.polls(), polls.work(), polls.failures());
            if (failed > 0)
                System.out.printf("run_invalid: %d steps failed in the measured rounds (see above)%n", failed);
        }
    }

    private static double perStep(long requests, long steps) {
        return steps == 0 ? 0 : (double) requests / steps;
    }

    /** Held {@code ?wait=true} GETs the server allows one user (LiveResponse.MAX_WAITS_PER_USER). */
    static final int WAITS_PER_USER = 16;

    /**
     * One global-administrator API user per {@value #WAITS_PER_USER} workers, created as an administrator would
     * (POST /api/user, then a token for it): a worker holds at most one wait, so no user goes over the server's cap
     * and no wait is answered at once (which would turn the fetch into a busy loop).
     */
    private static Rest[] analysts(Rest admin, int workers) throws IOException, InterruptedException {
        int n = (workers + WAITS_PER_USER - 1) / WAITS_PER_USER;
        Rest[] out = new Rest[n];
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int i = 0; i < n; i++) {
            String user = "bench-analyst-" + run + "-" + i;
            java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("username", user);
            body.put("first_name", "Bench");
            body.put("last_name", "Analyst " + i);
            body.put("email", user + "@example.invalid");
            body.put("global_admin", true);
            body.put("teams", List.of());
            admin.json("POST", "/api/user", body);
            String token = admin.json("POST", "/api/v1/user/" + user + "/token", java.util.Map.of())
                    .path("auth_token")
                    .asText();
            if (token.isEmpty()) throw new IOException("no token for " + user);
            out[i] = admin.as(token);
        }
        return out;
    }

    /** One session per sensor, all at once, the way cbapi's {@code sensor.lr_session()} gets one. */
    private static long[] openSessions(Rest rest, List<Simulator.SimSensor> list) throws Exception {
        long[] ids = new long[list.size()];
        // Many analysts at once, not a thousand: cbapi clients each open theirs.
        java.util.concurrent.Semaphore analysts = new java.util.concurrent.Semaphore(64);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> fs = new ArrayList<>();
            for (Simulator.SimSensor s : list)
                fs.add(pool.submit(() -> {
                    analysts.acquire();
                    try {
                        return rest.session(s.identity().sensorId());
                    } finally {
                        analysts.release();
                    }
                }));
            int failed = 0;
            for (int i = 0; i < ids.length; i++) {
                try {
                    ids[i] = fs.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    ids[i] = -1;
                    if (failed++ < 3)
                        System.out.println("session_failed " + e.getCause().getMessage());
                }
            }
            if (failed > 0) System.out.printf("sessions_failed %d (the run goes on without them; invalid)%n", failed);
        }
        return Arrays.stream(ids).filter(id -> id >= 0).toArray();
    }

    /** Latencies of the steps that succeeded; failures are counted, never timed. */
    private record Round(long[] latencies, long failures) {}

    /** One request (or command) of a round, by the given analyst: true when it succeeded. */
    private interface Step {
        boolean run(Rest analyst, int session, int index) throws IOException, InterruptedException;
    }

    private static Round commandRound(
            Rest[] analysts, long[] sessions, int commands, int workers, int round, double rate) throws Exception {
        return round(analysts, sessions.length, commands, workers, rate, (a, s, c) -> {
            int k = (s + c + round) % MIX.length;
            return a.command(sessions[s], MIX[k], MIX_OBJECTS[k]);
        });
    }

    private static Round baselineRound(Rest[] analysts, long[] sessions, int commands, int workers, double rate)
            throws Exception {
        return round(
                analysts,
                sessions.length,
                commands,
                workers,
                rate,
                (a, s, c) -> a.json("GET", "/api/v1/cblr/session/" + sessions[s], null)
                        .has("status"));
    }

    /**
     * {@code commands} steps on each of {@code sessions} sessions, one after another per session, by
     * {@code workers} workers at once (worker w takes sessions w, w + workers, ..., as analyst w / 16): the latency
     * of each that succeeded. With a {@code rate} (steps per second in all; then one worker per session) each session
     * starts a step every {@code sessions / rate} seconds from a random phase, and its latency counts from when it was
     * due (a step that finds the one before still running starts late, and that wait is part of its latency).
     */
    private static Round round(Rest[] analysts, int sessions, int commands, int workers, double rate, Step step)
            throws Exception {
        long intervalNanos = rate > 0 ? (long) (sessions / rate * 1e9) : 0;
        long origin = System.nanoTime();
        java.util.SplittableRandom phases = new java.util.SplittableRandom(42);
        long[] phase = new long[sessions];
        for (int i = 0; i < sessions; i++) phase[i] = intervalNanos == 0 ? 0 : phases.nextLong(intervalNanos);
        long[] latency = new long[sessions * commands];
        boolean[] succeeded = new boolean[sessions * commands];
        AtomicLong failures = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                int worker = w;
                Rest analyst = analysts[worker / WAITS_PER_USER];
                pool.submit(() -> {
                    for (int s = worker; s < sessions; s += workers) {
                        for (int c = 0; c < commands; c++) {
                            long t0 = System.nanoTime();
                            if (intervalNanos > 0) {
                                long due = origin + phase[s] + c * intervalNanos;
                                if (due > t0) java.util.concurrent.locks.LockSupport.parkNanos(due - t0);
                                while (System.nanoTime() < due) Thread.sleep(1); // woken early
                                t0 = due;
                            }
                            boolean good;
                            try {
                                good = step.run(analyst, s, c);
                            } catch (IOException e) {
                                good = false;
                            }
                            latency[s * commands + c] = System.nanoTime() - t0;
                            succeeded[s * commands + c] = good;
                            if (!good) failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        long[] kept = new long[latency.length - (int) failures.get()];
        for (int i = 0, k = 0; i < latency.length; i++) if (succeeded[i]) kept[k++] = latency[i];
        return new Round(kept, failures.get());
    }

    static double percentileMillis(long[] nanos, double p) {
        if (nanos.length == 0) return 0;
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * s.length) - 1))] / 1e6;
    }

    /** What the analysts sent, over all of them. */
    private static final class Counters {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        final AtomicLong commandGets = new AtomicLong();
    }

    /** How long one command may take before the bench counts it failed and goes on (cbapi's default timeout). */
    private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(120);

    /** The REST API as cbapi uses it for live response, as one API user. */
    private record Rest(HttpClient http, String url, String token, Counters counters) {

        Rest as(String otherToken) {
            return new Rest(http, url, otherToken, counters);
        }

        HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url + path))
                            .header("X-Auth-Token", token)
                            .timeout(Duration.ofSeconds(300))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }

        /**
         * As {@link #send}; tried up to three times when the connection could not be made, and a GET also when its
         * pooled connection had been closed by the server.
         */
        JsonNode json(String method, String path, Object body) throws IOException, InterruptedException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return send(method, path, body);
                } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
                    // Nothing was sent: any request may be tried again.
                    if (attempt == 3) throw e;
                } catch (IOException e) {
                    if (attempt == 3
                            || body != null
                            || e.getMessage() == null
                            || e.getMessage().contains("answered")) throw e;
                }
                // Same policy for both kinds of round; counted and printed per round.
                counters.retries.incrementAndGet();
                Thread.sleep(1000);
            }
        }

        JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                    .header("X-Auth-Token", token)
                    .timeout(Duration.ofSeconds(300));
            if (body != null)
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            counters.requests.incrementAndGet();
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2)
                throw new IOException(
                        method + " " + path + " answered " + r.statusCode() + ": " + new String(r.body()));
            return JSON.readTree(r.body());
        }

        /** cbapi's way to a session: reuse a pending or active one of the sensor, else create one; wait until active. */
        long session(int sensorId) throws Exception {
            long id = -1;
            for (JsonNode s : json("GET", "/api/v1/cblr/session?active_only=true", null)) {
                String status = s.path("status").asText();
                if (s.path("sensor_id").asInt() == sensorId && (status.equals("pending") || status.equals("active"))) {
                    id = s.path("id").asLong();
                    break;
                }
            }
            if (id < 0)
                id = json("POST", "/api/v1/cblr/session", java.util.Map.of("sensor_id", sensorId))
                        .path("id")
                        .asLong();
            long deadline = System.nanoTime() + Duration.ofSeconds(360).toNanos();
            while (true) {
                String status = json("GET", "/api/v1/cblr/session/" + id, null)
                        .path("status")
                        .asText();
                if (status.equals("active")) return id;
                if (!status.equals("pending") || System.nanoTime() > deadline)
                    throw new IOException("session " + id + " of sensor " + sensorId + " is " + status);
                Thread.sleep(1000);
            }
        }

        /**
         * Runs one command to its end; false when it ended any other way than {@code complete} (error, cancelled, a
         * closed session) or took longer than {@link #COMMAND_DEADLINE}.
         */
        boolean command(long session, String name, String object) throws IOException, InterruptedException {
            java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("name", name);
            if (!object.isEmpty()) body.put("object", object);
            body.put("session_id", session);
            long cid = json("POST", "/api/v1/cblr/session/" + session + "/command", body)
                    .path("id")
                    .asLong();
            long deadline = System.nanoTime() + COMMAND_DEADLINE.toNanos();
            while (true) {
                counters.commandGets.incrementAndGet();
                String status = json("GET", "/api/v1/cblr/session/" + session + "/command/" + cid + "?wait=true", null)
                        .path("status")
                        .asText();
                if (!status.equals("pending")) return status.equals("complete");
                if (System.nanoTime() > deadline) return false;
            }
        }

        long activeSessions() throws IOException, InterruptedException {
            long n = 0;
            for (JsonNode s : json("GET", "/api/v1/cblr/session?active_only=true", null))
                if (s.path("status").asText().equals("active")) n++;
            return n;
        }

        /** The server's heap in use, from its Prometheus meters. */
        Optional<Double> heapUsedBytes() throws IOException, InterruptedException {
            HttpResponse<byte[]> r = get("/metrics");
            if (r.statusCode() != 200) return Optional.empty();
            double sum = 0;
            boolean found = false;
            for (String line : new String(r.body()).split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? Optional.of(sum) : Optional.empty();
        }
    }
}
