package io.lampblack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console's end-to-end tests ({@code console/e2e/*.spec.ts}, Playwright driving Debian's Chromium) against a
 * real server started here: a fresh data directory, the sample corpus replayed when {@code ../shared/corpus} is there
 * (as {@code ./lampblack demo} does), simulated Windows and Linux sensors that stay online, answer live response and
 * carry out isolation for the whole run, and the users the specs log in as, made through the REST API. The specs get
 * the server and the users in their environment ({@code LAMPBLACK_URL}, {@code LAMPBLACK_TOKEN}, {@code
 * LAMPBLACK_USER}/{@code LAMPBLACK_PASSWORD}, {@code LAMPBLACK_VIEWER}/{@code LAMPBLACK_VIEWER_PASSWORD}) and write
 * their screenshots to {@code console/target/screenshots}.
 *
 * <p>Skipped, saying why, where it cannot run: no Chromium ({@code /usr/bin/chromium} or {@code $LAMPBLACK_CHROMIUM}),
 * no {@code npx}, no {@code console/node_modules} (the console's build makes it). {@code -Dlampblack.e2e.args="e2e/
 * login.spec.ts"} runs some specs only (any arguments of {@code playwright test}).
 */
class ConsoleEndToEndIT {

    private static final Duration PLAYWRIGHT_TIMEOUT = Duration.ofMinutes(15);

    /** The interval the simulated sensors check in at: an isolation is confirmed within it. */
    private static final int CHECKIN_SECONDS = 5;

    private static final Path CONSOLE =
            Path.of("..", "console").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theConsolesEndToEndTestsPassInChromiumAgainstARealServer() throws Exception {
        Path chromium = Path.of(Optional.ofNullable(System.getenv("LAMPBLACK_CHROMIUM"))
                .filter(s -> !s.isBlank())
                .orElse("/usr/bin/chromium"));
        skipUnless(
                Files.isExecutable(chromium),
                "the console's end-to-end tests need Chromium at " + chromium
                        + " (apt-get install chromium, or set LAMPBLACK_CHROMIUM); skipped");
        Optional<Path> npx = onPath("npx");
        skipUnless(npx.isPresent(), "the console's end-to-end tests need npx (Node.js 20.19+ with npm); skipped");
        skipUnless(
                Files.isDirectory(
                        CONSOLE.resolve("node_modules").resolve("@playwright").resolve("test")),
                "no " + CONSOLE.resolve("node_modules") + " with Playwright (the console's build, or npm ci in "
                        + CONSOLE + ", makes it); skipped");

        long t0 = System.nanoTime();
        ServerSettings settings = ServerSettings.fromArgs(List.of(
                "--data",
                dir.resolve("server").toString(),
                "--port",
                "0",
                "--bus-port",
                "0",
                "--checkin-seconds",
                Integer.toString(CHECKIN_SECONDS),
                // A watchlist a test makes raises its alerts within seconds, not a minute.
                "--watchlist-seconds",
                "10"));
        try (LampblackServer s = LampblackServer.start(settings)) {
            HttpClient http = SensorClient.httpClient(s.dataDir().resolve("tls").resolve("server.crt"));
            String registration = s.registrationToken().orElse("");
            replayCorpus(s, registration);
            try (SimulatedFleet fleet = SimulatedFleet.start(s.url(), registration, 3, 2, 5, CHECKIN_SECONDS)) {
                s.ingest().pipeline().awaitIndexed(120_000);
                System.out.printf(
                        "e2e: %d process segments indexed; simulated sensors %s (Windows, then Linux)%n",
                        s.search().index().documentCount(), fleet.sensorIds());

                String adminToken = s.adminToken().orElseThrow();
                ConsoleUsers users = new ConsoleUsers(http, s.url(), adminToken);
                ConsoleUsers.Credentials analyst = users.globalAdministrator("e2e-analyst", "e2e-analyst-pass-1");
                ConsoleUsers.Credentials viewer = users.viewer("e2e-viewer", "e2e-viewer-pass-1");
                Duration ready = Duration.ofNanos(System.nanoTime() - t0);
                System.out.printf("e2e: server ready at %s in %d s%n", s.url(), ready.toSeconds());

                Map<String, String> env = new LinkedHashMap<>();
                env.put("LAMPBLACK_URL", s.url());
                env.put("LAMPBLACK_TOKEN", adminToken);
                env.put("LAMPBLACK_USER", analyst.username());
                env.put("LAMPBLACK_PASSWORD", analyst.password());
                env.put("LAMPBLACK_VIEWER", viewer.username());
                env.put("LAMPBLACK_VIEWER_PASSWORD", viewer.password());
                env.put("LAMPBLACK_CHROMIUM", chromium.toString());
                env.put(
                        "LAMPBLACK_SCREENSHOTS",
                        CONSOLE.resolve("target/screenshots").toString());
                Path log = CONSOLE.resolve("target/e2e.log");
                PlaywrightRun.Outcome run =
                        PlaywrightRun.run(npx.get(), CONSOLE, playwrightArgs(), env, log, PLAYWRIGHT_TIMEOUT);
                System.out.printf(
                        "e2e: Playwright exited %d after %d s (server ready after %d s; %d failed sensor check-ins,"
                                + " %d failed uploads); output in %s%n",
                        run.exitCode(),
                        run.took().toSeconds(),
                        ready.toSeconds(),
                        fleet.failedCheckins(),
                        fleet.failedUploads(),
                        log);
                assertEquals(
                        0,
                        run.exitCode(),
                        (run.exitCode() == -1
                                        ? "Playwright ran longer than " + PLAYWRIGHT_TIMEOUT.toMinutes()
                                                + " minutes and was ended"
                                        : "the console's end-to-end tests failed")
                                + "; the whole output is in " + log + ", traces and failure screenshots under "
                                + CONSOLE.resolve("target/e2e-results") + ". Its end:\n" + run.tail());
            }
        }
    }

    /** A skip that also says why in the build's output, where it is read (the report alone keeps it quiet). */
    private static void skipUnless(boolean condition, String why) {
        if (!condition) System.out.println("e2e: " + why);
        assumeTrue(condition, why);
    }

    /** The sample corpus replayed as the demo replays it, when this checkout has one beside it. */
    private static void replayCorpus(LampblackServer s, String registration) throws Exception {
        Path corpus = Path.of(System.getProperty("lampblack.shared", "../../shared"))
                .resolve("corpus")
                .toAbsolutePath()
                .normalize();
        List<Path> inputs = List.of(
                corpus.resolve("protobuf"),
                corpus.resolve("rawsensordata/zip"),
                corpus.resolve("rawsensordata/bundles"));
        if (!inputs.stream().allMatch(Files::isDirectory)) {
            System.out.println("e2e: no sample corpus at " + corpus + "; only the simulated sensors' data");
            return;
        }
        System.out.println("e2e: replaying the sample corpus from " + corpus);
        SensorClient client = new SensorClient(URI.create(s.url()), SensorClient.trustAllHttpClient());
        Replay.run(client, CorpusLoader.load(inputs, 500), registration, System.out);
    }

    /** A test.only left in a spec fails the run instead of quietly running that test alone. */
    private static List<String> playwrightArgs() {
        List<String> out = new ArrayList<>(List.of("--forbid-only"));
        String args = System.getProperty("lampblack.e2e.args", "").strip();
        if (!args.isEmpty()) out.addAll(Arrays.asList(args.split("\\s+")));
        return out;
    }

    private static Optional<Path> onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
