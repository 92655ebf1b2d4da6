package io.lampblack.launcher;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.Simulator;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lampblack simulate}: synthetic sensors uploading to a server at a given pace. */
@Command(
        name = "simulate",
        description = {
            "Synthetic Windows-like sensors against a server.",
            "Registers the sensors, then uploads their events at the given rate for the given time, checking in"
                    + " every 30 s; prints what was sent."
        })
final class SimulateCommand implements Callable<Integer> {

    /** Seed of the synthetic hosts: the same sensors every run. */
    private static final long SEED = 42;

    private static final int CHECKIN_SECONDS = 30;

    @Mixin
    HelpOption help;

    @Mixin
    ServerOption server;

    @Option(names = "--sensors", paramLabel = "N", description = "Sensors to register (default: ${DEFAULT-VALUE}).")
    int sensors = 10;

    @Option(
            names = "--rate",
            paramLabel = "EVENTS_PER_S",
            description = "Events per second, all sensors together; 0: as fast as the server takes them"
                    + " (default: ${DEFAULT-VALUE}).")
    double rate = 0;

    @Option(names = "--seconds", paramLabel = "S", description = "How long to upload (default: ${DEFAULT-VALUE}).")
    int seconds = 60;

    @Option(
            names = "--events-per-upload",
            paramLabel = "N",
            description = "Events per upload (default: ${DEFAULT-VALUE}).")
    int eventsPerUpload = 500;

    @Override
    public Integer call() throws Exception {
        SensorClient client = new SensorClient(URI.create(server.url()), SensorClient.httpClient(null));
        Simulator sim = new Simulator(client, server.registrationToken());
        var list = sim.register(sensors, SEED);
        System.out.printf("simulate: %d sensors registered, uploading for %d s%n", sensors, seconds);
        var r = sim.run(list, rate, eventsPerUpload, seconds, CHECKIN_SECONDS, System.out);
        System.out.printf(
                "simulate: done: %d uploads, %d events (%.0f events/s), %d failed%n",
                r.uploads(), r.events(), r.eventsPerSecond(), r.failures());
        return 0;
    }
}
