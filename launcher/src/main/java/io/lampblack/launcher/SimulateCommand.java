package io.lampblack.launcher;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.LiveResponsePolls;
import io.lampblack.sensor.simulate.SimulatedPlatform;
import io.lampblack.sensor.simulate.Simulator;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
                    + " every 30 s; prints what was sent. With --live-response the sensors also take live-response"
                    + " sessions (/api/v1/cblr) and answer every command with plausible results; --linux-sensors adds"
                    + " Linux hosts (no registry; they check in but upload no events)."
        })
final class SimulateCommand implements Callable<Integer> {

    /** Seed of the synthetic hosts: the same sensors every run. */
    private static final long SEED = 42;

    private static final int CHECKIN_SECONDS = 30;

    /** How long each live-response poll asks the server to hold it. */
    private static final int POLL_SECONDS = 30;

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

    @Option(
            names = "--live-response",
            description = "Sensors report supports_cblr and hold the live-response poll, answering sessions and"
                    + " commands (directory lists, process lists, files, registry, memdump, ...).")
    boolean liveResponse;

    @Option(
            names = "--linux-sensors",
            paramLabel = "N",
            description = "Linux sensors to register besides the Windows ones (default: ${DEFAULT-VALUE}).")
    int linuxSensors = 0;

    @Option(
            names = "--memdump-mib",
            paramLabel = "MIB",
            description = "Size of a simulated memory dump, with --live-response (default: ${DEFAULT-VALUE}).")
    long memdumpMib = 64;

    @Override
    public Integer call() throws Exception {
        SensorClient client = new SensorClient(URI.create(server.url()), SensorClient.trustAllHttpClient());
        Simulator sim = new Simulator(client, server.registrationToken());
        List<Simulator.SimSensor> list = new ArrayList<>(sim.register(sensors, SEED));
        list.addAll(sim.register(linuxSensors, SEED + sensors, SimulatedPlatform.LINUX));
        System.out.printf("simulate: %d sensors registered, uploading for %d s%n", list.size(), seconds);
        LiveResponsePolls polls = liveResponse ? sim.answerLiveResponse(list, POLL_SECONDS, memdumpMib << 20) : null;
        if (polls != null) System.out.printf("simulate: %d sensors answer live response%n", list.size());
        Simulator.BlastResult r;
        try {
            r = sim.run(list, rate, eventsPerUpload, seconds, CHECKIN_SECONDS, System.out);
        } finally {
            if (polls != null) {
                polls.close();
                System.out.printf(
                        "simulate: live response: %d polls, %d pieces of work, %d failed%n",
                        polls.polls(), polls.work(), polls.failures());
            }
        }
        System.out.printf(
                "simulate: done: %d uploads, %d events (%.0f events/s), %d failed%n",
                r.uploads(), r.events(), r.eventsPerSecond(), r.failures());
        return 0;
    }
}
