package io.lampblack.sensor.agent;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.isolation.HostIsolation;
import io.lampblack.sensor.isolation.NftablesIsolation;
import io.lampblack.sensor.liveresponse.LiveResponseService;
import io.lampblack.sensor.telemetry.LinuxTelemetry;
import io.lampblack.sensor.telemetry.TelemetrySettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sensor's process: {@code ./lampblack sensor ...}, or {@code java -cp 'lib/*' io.lampblack.sensor.agent.SensorMain
 * ...} as installed. Runs until stopped (SIGTERM, Ctrl-C) or uninstalled by the server. Exit status 2 for a wrong
 * command line, 1 when the sensor cannot start (e.g. its registration refused).
 */
public final class SensorMain {

    private SensorMain() {}

    public static void main(String[] args) {
        int status = run(List.of(args));
        if (status != 0) System.exit(status);
    }

    /** Reads the command line and runs the sensor; answers the exit status (0 once it has stopped). */
    static int run(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.println(usage());
            return 0;
        }
        SensorOptions options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println("lampblack sensor: " + e.getMessage());
            System.err.println("Try './lampblack sensor --help'.");
            return 2;
        }
        return run(options);
    }

    /** The options of a command line, with this process's environment, user and home directory. */
    public static SensorOptions options(List<String> args) {
        return SensorOptions.parse(args, System.getenv(), isRoot(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Runs the sensor until it is stopped (the JVM shuts down) or uninstalled; answers the exit status: 0, or 1 when
     * it could not start (its registration refused, its data directory unusable).
     */
    public static int run(SensorOptions options) {
        AtomicReference<SensorAgent> running = new AtomicReference<>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            SensorAgent a = running.get();
                            if (a != null) a.close();
                        },
                        "sensor-shutdown"));
        try {
            SensorAgent agent = start(options);
            running.set(agent);
            System.out.println("lampblack sensor: sensor " + agent.identity().sensorId() + " reporting to "
                    + options.server() + " (data in " + options.dataDir() + ")");
            agent.awaitStopped();
            if (agent.uninstalled()) System.out.println("lampblack sensor: uninstalled by the server");
            return 0;
        } catch (IOException | IllegalStateException e) {
            System.err.println("lampblack sensor: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Starts a sensor with these options and this host's parts, returning once it has registered. */
    public static SensorAgent start(SensorOptions options) throws IOException, InterruptedException {
        return start(options, parts(options, new NftablesIsolation()));
    }

    /** Starts a sensor with these options and these parts, returning once it has registered. */
    public static SensorAgent start(SensorOptions options, SensorAgent.Parts parts)
            throws IOException, InterruptedException {
        SensorClient client = new SensorClient(
                options.server(),
                SensorClient.verifyingHttpClient(options.caCert().orElse(null)));
        return SensorAgent.start(client, options.server(), SensorAgent.Settings.of(options), parts);
    }

    /**
     * The parts acting on this host, with this isolation ({@link Placeholders#unsupportedIsolation()} where the
     * host's network must never be cut off, e.g. the demo's sensor).
     */
    public static SensorAgent.Parts parts(SensorOptions options, HostIsolation isolation) {
        // Root gets the kernel's process connector and fanotify; anyone else polls /proc (every 200 ms, the most the
        // issue allows) and watches files with inotify, seeing what that user may see.
        TelemetrySettings telemetry = new TelemetrySettings(options.watch(), Duration.ofMillis(200), isRoot());
        return new SensorAgent.Parts(
                (sink, sensorId) -> LinuxTelemetry.start(telemetry, sink, sensorId),
                isolation,
                Optional.of((client, id, workDir) -> LiveResponseService.start(client, id, workDir)::close));
    }

    /** The usage text of {@code --help}. */
    public static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("Usage: ./lampblack sensor --server URL [OPTION VALUE]...\n");
        b.append("The Lampblack sensor for Linux: registers with the server once, then reports this machine's")
                .append(" processes,\nnetwork connections, module loads and file modifications, and carries out")
                .append(" what the server asks.\nAs root it sees every process; as another user, what that user may")
                .append(" see.\n\nOptions:\n");
        for (String line : SensorOptions.USAGE) b.append("  ").append(line).append('\n');
        b.append("  -h, --help                show this help and exit\n");
        return b.toString();
    }

    static boolean isRoot() {
        try {
            Object uid = java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
