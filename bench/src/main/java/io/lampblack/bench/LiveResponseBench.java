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
 * <p>After an unmeasured round of each kind (it opens the connections the rounds use), rounds alternate (baseline, live response, baseline, ...; at least 3 each). In a live-response round
 * every session runs {@code --commands} commands one after another (a mix of directory list, process list and, on
 * Windows, reg enum key), all sessions at once: the round trip is from the {@code POST .../command} until the
 * command reads {@code complete}, fetched with {@code GET .../command/<id>?wait=true} (the server holds it until
 * the command is done; asked again if it answers still pending). In a baseline round the same number of workers
 * each make as many plain authenticated REST GETs of their session ({@code GET /api/v1/cblr/session/<id>}): what
 * the server costs for a request that does not reach the sensor. Printed: p50/p99 per round and over all rounds,
 * the ratio of the live-response p50 to the baseline p50 (median over rounds, min–max), sessions held, the
 * server's heap and RSS, and its CPU-seconds per command. Targets (reported, not asserted): 1,000 concurrent
 * sessions; p50 under 20 ms, p99 under 200 ms.
 *
 * <p>Options: {@code --sensors 1000}, {@code --commands 5} per session per round, {@code --rounds 3},
 * {@code --concurrency N} sessions driven at once (default: all of them; fewer shows the round trip without the
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
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sensors" -> sensors = Integer.parseInt(args[i + 1]);
                case "--commands" -> commands = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("bench lr: unknown option " + args[i]);
            }
        }
        if (concurrency < 0) concurrency = sensors;
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
            run(server, data, sensors, commands, rounds, concurrency);
        } finally {
            IngestBench.deleteTree(data);
        }
    }

    private static void run(ServerChild server, Path data, int sensors, int commands, int rounds, int concurrency)
            throws Exception {
        HttpClient http = SensorClient.httpClient(null);
        String token = ServerChild.serverInfo(data, "api_token").orElseThrow();
        String registration =
                ServerChild.serverInfo(data, "sensor_registration_token").orElse("");
        Rest rest = new Rest(http, server.url(), token);
        Simulator sim = new Simulator(new SensorClient(URI.create(server.url()), http), registration);
        List<Simulator.SimSensor> list = sim.register(sensors, 14);
        try (LiveResponsePolls polls = sim.answerLiveResponse(list, 30, 1 << 20)) {
            long t0 = System.nanoTime();
            long[] sessions = openSessions(rest, list);
            System.out.printf(
                    "sessions_opened %d in %.1f s (as cbapi: list, create, poll every second until active)%n",
                    sessions.length, (System.nanoTime() - t0) / 1e9);

            // Not measured: opens the connections the rounds use (each worker holds one), so that no round pays for
            // a thousand handshakes.
            baselineRound(rest, sessions, 1, concurrency);
            commandRound(rest, sessions, 1, concurrency, 0);

            List<Double> lrP50 = new ArrayList<>();
            List<Double> lrP99 = new ArrayList<>();
            List<Double> baseP50 = new ArrayList<>();
            List<Double> baseP99 = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<long[]> allLr = new ArrayList<>();
            long cpuNanos = 0;
            long commandsDone = 0;
            long failed = 0;
            double baselineP50 = 0;
            for (int round = 0; round < 2 * rounds; round++) {
                boolean lr = round % 2 == 1;
                long cpu0 = server.cpuNanos();
                long w0 = System.nanoTime();
                Round r = lr
                        ? commandRound(rest, sessions, commands, concurrency, round)
                        : baselineRound(rest, sessions, commands, concurrency);
                long wall = System.nanoTime() - w0;
                long cpu = server.cpuNanos() - cpu0;
                double p50 = percentileMillis(r.latencies(), 50);
                double p99 = percentileMillis(r.latencies(), 99);
                System.out.printf(
                        "round{n=\"%d\",kind=\"%s\"} %d requests in %.1f s, p50 %.1f ms, p99 %.1f ms, %d failed,"
                                + " server cpu %.1f s%n",
                        round,
                        lr ? "lr" : "baseline",
                        r.latencies().length,
                        wall / 1e9,
                        p50,
                        p99,
                        r.failures(),
                        cpu / 1e9);
                if (lr) {
                    lrP50.add(p50);
                    lrP99.add(p99);
                    ratios.add(p50 / baselineP50);
                    allLr.add(r.latencies());
                    cpuNanos += cpu;
                    commandsDone += r.latencies().length;
                    failed += r.failures();
                } else {
                    baselineP50 = p50;
                    baseP50.add(p50);
                    baseP99.add(p99);
                }
            }
            long[] all = allLr.stream().flatMapToLong(Arrays::stream).toArray();
            System.out.printf("sessions_held %d%n", rest.activeSessions());
            System.out.printf(
                    "lr_round_trip_ms p50 %.1f p99 %.1f (%d commands, %d failed; POST command to complete, fetched"
                            + " with ?wait=true; targets p50 < 20, p99 < 200)%n",
                    percentileMillis(all, 50), percentileMillis(all, 99), all.length, failed);
            System.out.printf("lr_p50_ms %s%n", ServerChild.spread(lrP50));
            System.out.printf("lr_p99_ms %s%n", ServerChild.spread(lrP99));
            System.out.printf("baseline_rest_get_p50_ms %s%n", ServerChild.spread(baseP50));
            System.out.printf("baseline_rest_get_p99_ms %s%n", ServerChild.spread(baseP99));
            System.out.printf("ratio_lr_p50_to_baseline_p50 %s%n", ServerChild.spread(ratios));
            System.out.printf("server_cpu_s_per_command %.5f%n", commandsDone == 0 ? 0 : cpuNanos / 1e9 / commandsDone);
            System.out.printf(
                    "server_heap_used_mb %.0f%n",
                    rest.heapUsedBytes().map(b -> b / 1e6).orElse(Double.NaN));
            System.out.printf("server_rss_mb %.0f%n", server.rssBytes() / 1e6);
            if (server.collectGarbage())
                System.out.printf(
                        "server_heap_used_after_gc_mb %.0f (%d sessions open)%n",
                        rest.heapUsedBytes().map(b -> b / 1e6).orElse(Double.NaN), sessions.length);
            System.out.printf(
                    "sensor_side polls %d, work %d, failures %d%n", polls.polls(), polls.work(), polls.failures());
        }
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
            for (int i = 0; i < ids.length; i++) ids[i] = fs.get(i).get();
        }
        return ids;
    }

    private record Round(long[] latencies, long failures) {}

    /** One request (or command) of a round: true when it succeeded. */
    private interface Step {
        boolean run(int session, int index) throws IOException, InterruptedException;
    }

    private static Round commandRound(Rest rest, long[] sessions, int commands, int concurrency, int round)
            throws Exception {
        return round(sessions.length, commands, concurrency, (s, c) -> {
            int k = (s + c + round) % MIX.length;
            return rest.command(sessions[s], MIX[k], MIX_OBJECTS[k]);
        });
    }

    private static Round baselineRound(Rest rest, long[] sessions, int commands, int concurrency) throws Exception {
        return round(
                sessions.length,
                commands,
                concurrency,
                (s, c) -> rest.get("/api/v1/cblr/session/" + sessions[s]).statusCode() == 200);
    }

    /**
     * {@code commands} steps on each of {@code sessions} sessions, one after another per session, by
     * {@code concurrency} workers at once (worker w takes sessions w, w + concurrency, ...): the latency of each.
     */
    private static Round round(int sessions, int commands, int concurrency, Step step) throws Exception {
        long[] latency = new long[sessions * commands];
        AtomicLong failures = new AtomicLong();
        int workers = Math.min(concurrency, sessions);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                int worker = w;
                pool.submit(() -> {
                    for (int s = worker; s < sessions; s += workers) {
                        for (int c = 0; c < commands; c++) {
                            long t0 = System.nanoTime();
                            try {
                                if (!step.run(s, c)) failures.incrementAndGet();
                            } catch (IOException e) {
                                failures.incrementAndGet();
                            }
                            latency[s * commands + c] = System.nanoTime() - t0;
                        }
                    }
                    return null;
                });
            }
        }
        return new Round(latency, failures.get());
    }

    static double percentileMillis(long[] nanos, double p) {
        if (nanos.length == 0) return 0;
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * s.length) - 1))] / 1e6;
    }

    /** The REST API as cbapi uses it for live response. */
    private record Rest(HttpClient http, String url, String token) {

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

        /** Runs one command to its end; false when it ended in an error. */
        boolean command(long session, String name, String object) throws IOException, InterruptedException {
            java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("name", name);
            if (!object.isEmpty()) body.put("object", object);
            body.put("session_id", session);
            long cid = json("POST", "/api/v1/cblr/session/" + session + "/command", body)
                    .path("id")
                    .asLong();
            while (true) {
                String status = json("GET", "/api/v1/cblr/session/" + session + "/command/" + cid + "?wait=true", null)
                        .path("status")
                        .asText();
                if (status.equals("complete")) return true;
                if (status.equals("error")) return false;
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
