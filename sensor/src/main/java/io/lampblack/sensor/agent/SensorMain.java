package io.lampblack.sensor.agent;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.isolation.HostIsolation;
import io.lampblack.sensor.isolation.NftablesIsolation;
import io.lampblack.sensor.liveresponse.LiveResponseService;
import io.lampblack.sensor.telemetry.LinuxTelemetry;
import io.lampblack.sensor.telemetry.TelemetrySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sensor's process: {@code ./lampblack sensor ...}, or {@code java -cp 'lib/*' io.lampblack.sensor.agent.SensorMain
 * ...} as installed. Runs until stopped (SIGTERM, Ctrl-C) or uninstalled by the server. Exit status 2 for a wrong
 * command line, 1 when the sensor cannot start (e.g. its registration refused), {@value #UNINSTALLED} once the server
 * uninstalled it (the installer's systemd unit restarts it after neither 2 nor 4). Both launch paths run the JVM with
 * {@code -XX:+ExitOnOutOfMemoryError}, which exits with status 3: a sensor out of memory is restarted.
 */
public final class SensorMain {

    /**
     * The exit status after an uninstall by the server: nothing should start this sensor again. Not 3, which is the
     * JVM's own status when {@code -XX:+ExitOnOutOfMemoryError} ends it, and such a sensor must be restarted.
     */
    public static final int UNINSTALLED = 4;

    /**
     * Set ({@code yes}) by the installed start script: delete the file of {@link SensorOptions#TOKEN_FILE_ENV} once
     * the sensor has its identity, so that the group's enrolment token does not stay on the host.
     */
    static final String FORGET_TOKEN_ENV = "LAMPBLACK_SENSOR_FORGET_REGISTRATION_TOKEN";

    /** Set by the installer's systemd unit to its own name: the unit the sensor disables when uninstalled. */
    static final String UNIT_ENV = "LAMPBLACK_SENSOR_UNIT";

    private SensorMain() {}

    public static void main(String[] args) {
        exitOnUncaughtError();
        int status = run(List.of(args));
        if (status != 0) System.exit(status);
    }

    /**
     * For a process that is the sensor alone ({@code main}, {@code ./lampblack sensor}): an {@link Error} that ends
     * any thread ends the process (status 1; the installer's unit restarts it), as running out of memory does through
     * {@code -XX:+ExitOnOutOfMemoryError}. The sensor's loops log other exceptions and go on, but a sensor with a
     * dead thread would check in and report nothing, which nobody would notice. It halts rather than exits: what a
     * broken JVM's shutdown hooks would do cannot be trusted, and events only in memory are lost as after a crash.
     */
    public static void exitOnUncaughtError() {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof Error) {
                System.err.println("lampblack sensor: thread " + thread.getName() + " died of " + e + "; exiting");
                e.printStackTrace();
                Runtime.getRuntime().halt(1);
            }
            if (before != null) {
                before.uncaughtException(thread, e);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace();
            }
        });
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
            forgetRegistrationToken(System.getenv());
            agent.awaitStopped();
            if (agent.uninstalled()) {
                System.out.println("lampblack sensor: uninstalled by the server");
                disableUnit(System.getenv());
                return UNINSTALLED;
            }
            return 0;
        } catch (IOException | IllegalStateException e) {
            System.err.println("lampblack sensor: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * Deletes the installed copy of the enrolment token once the sensor holds its identity (it never needs it again),
     * when the start script asked for that; says so when it cannot.
     */
    static void forgetRegistrationToken(Map<String, String> env) {
        String file = env.getOrDefault(SensorOptions.TOKEN_FILE_ENV, "");
        if (file.isEmpty() || !"yes".equals(env.get(FORGET_TOKEN_ENV))) return;
        try {
            if (Files.deleteIfExists(Path.of(file))) {
                System.out.println("lampblack sensor: registered; " + file + " (the enrolment token) is deleted");
            }
        } catch (IOException e) {
            System.err.println("lampblack sensor: could not delete " + file + " (the enrolment token): " + e);
        }
    }

    /**
     * After an uninstall under the installer's unit: disable it, so that the next boot does not start (and, with an
     * enrolment token at hand, re-register) a sensor the server removed.
     */
    private static void disableUnit(Map<String, String> env) {
        String unit = env.getOrDefault(UNIT_ENV, "");
        if (unit.isEmpty() || env.get("INVOCATION_ID") == null) return;
        try {
            Process p = new ProcessBuilder("systemctl", "disable", unit)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (IOException e) {
            System.err.println("lampblack sensor: could not disable " + unit + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        // issue allows) and watches files with inotify, seeing what that user may see. The data directory is the
        // sensor's own: its spool written for every upload is not reported, though under a watched directory.
        TelemetrySettings telemetry = new TelemetrySettings(
                options.watch(), Duration.ofMillis(200), isRoot(), Optional.of(options.dataDir()));
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
