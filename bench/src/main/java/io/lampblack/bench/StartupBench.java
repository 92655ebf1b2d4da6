package io.lampblack.bench;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.Simulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@code ./lampblack bench startup}: how long {@code ./lampblack server} takes until it answers HTTPS requests, on
 * an empty data directory, on a warm one with a small journal left by {@code kill -9}, and on one whose whole journal
 * (every event ingested, nothing committed) must be replayed; for the last also how long until every event is
 * searchable again. Rounds alternate the three; each starts from a copy of the same prepared directory. One line per
 * figure: median (min, max). {@code --home DIR} times another checkout's {@code ./lampblack server} (say, a
 * baseline), with the directories prepared by it.
 */
public final class StartupBench {

    private StartupBench() {}

    static void main(String[] args) throws Exception {
        int rounds = 3;
        long events = 1_000_000;
        int perUpload = 1000;
        int sensors = 10;
        Optional<Path> home = ServerChild.defaultHome();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--events" -> events = Long.parseLong(args[i + 1]);
                case "--events-per-upload" -> perUpload = Integer.parseInt(args[i + 1]);
                case "--sensors" -> sensors = Integer.parseInt(args[i + 1]);
                case "--home" -> home = Optional.of(Path.of(args[i + 1]).toAbsolutePath());
                default -> throw new IllegalArgumentException("bench startup: unknown option " + args[i]);
            }
        }
        if (rounds < 1 || events < perUpload || sensors < 1) {
            throw new IllegalArgumentException("bench startup: --rounds >= 1, --events >= --events-per-upload");
        }
        HttpClient http = SensorClient.trustAllHttpClient();
        Path work = Files.createTempDirectory("lampblack-startup-bench");
        try {
            System.err.println("bench startup: preparing a warm data directory and one with " + events
                    + " events in its journal (server from "
                    + home.map(Path::toString).orElse("this class path")
                    + ")");
            Path warm = work.resolve("warm");
            long warmSegments = prepare(home, http, warm, Math.min(events, 20L * perUpload), perUpload, sensors, false);
            Path full = work.resolve("full");
            long fullSegments = prepare(home, http, full, events, perUpload, sensors, true);
            Map<String, List<Double>> figures = new LinkedHashMap<>();
            Map<String, String> phases = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                round(home, http, work, "empty", null, 0, figures, phases);
                round(home, http, work, "warm", warm, warmSegments, figures, phases);
                round(home, http, work, "full_journal", full, fullSegments, figures, phases);
            }
            System.out.println("startup_full_journal_events " + events);
            figures.forEach((k, v) -> System.out.println(k + " " + ServerChild.spread(v)));
            phases.forEach((k, v) -> System.out.println("startup_phases{" + k + "} " + v));
        } finally {
            deleteTree(work);
        }
    }

    /**
     * One start: a copy of {@code template} (or an empty directory), timed until it answers; with a template, also
     * until it finds every segment; then a clean stop.
     */
    private static void round(
            Optional<Path> home,
            HttpClient http,
            Path work,
            String name,
            Path template,
            long segments,
            Map<String, List<Double>> figures,
            Map<String, String> phases)
            throws Exception {
        Path data = work.resolve("round-" + name);
        deleteTree(data);
        if (template != null) copyTree(template, data);
        AtomicReference<String> summary = new AtomicReference<>();
        try (ServerChild s = ServerChild.start(home, data, List.of(), line -> {
            int at = line.indexOf("start-up: serving");
            if (at >= 0) summary.set(line.substring(at + "start-up: ".length()));
        })) {
            figures.computeIfAbsent("startup_" + name + "_s", k -> new ArrayList<>())
                    .add(s.secondsUntilAnswering(http));
            if (template != null) {
                String token = ServerChild.serverInfo(data, "api_token").orElseThrow();
                while (s.segments(http, token) < segments) Thread.sleep(20);
                figures.computeIfAbsent("startup_" + name + "_all_searchable_s", k -> new ArrayList<>())
                        .add(s.secondsSinceSpawn());
            }
            s.stop();
        }
        if (summary.get() != null) phases.put(name, summary.get());
        deleteTree(data);
    }

    /**
     * A data directory left by {@code kill -9} after {@code events} were acknowledged; with {@code uncommitted}, the
     * index never committed (all of it is in the journal). Returns the segments the server found before the kill.
     */
    private static long prepare(
            Optional<Path> home,
            HttpClient http,
            Path data,
            long events,
            int perUpload,
            int sensors,
            boolean uncommitted)
            throws Exception {
        List<String> settings = uncommitted ? List.of("--commit-ms", "600000") : List.of("--commit-ms", "500");
        try (ServerChild s = ServerChild.start(home, data, settings, line -> {})) {
            String regToken =
                    ServerChild.serverInfo(data, "sensor_registration_token").orElse("");
            Simulator sim = new Simulator(new SensorClient(URI.create(s.url()), http), regToken);
            List<Simulator.SimSensor> list = sim.register(sensors, 7);
            int uploadsPerSensor = (int) Math.max(1, events / perUpload / sensors);
            var result = sim.blast(list, Simulator.pregenerate(list, uploadsPerSensor, perUpload), perUpload, 4);
            if (result.failures() > 0) throw new IllegalStateException(result.failures() + " uploads failed");
            String token = ServerChild.serverInfo(data, "api_token").orElseThrow();
            // Searchable (not committed): the count every later start must reach again.
            long found = -1;
            for (long last = -2; found != last; Thread.sleep(2_000)) {
                last = found;
                found = s.segments(http, token);
            }
            if (!uncommitted) Thread.sleep(1_000); // a commit or two, so that only a small journal tail is left
            s.kill();
            return found;
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
