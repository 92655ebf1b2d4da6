package io.lampblack.launcher;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.LiveResponsePolls;
import io.lampblack.sensor.simulate.SimulatedPlatform;
import io.lampblack.sensor.simulate.Simulator;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated sensors that stay alive for a whole end-to-end run: Windows- and Linux-like hosts that check in every
 * interval (so they stay online and carry out isolation, restart and flush at the next check-in), hold the
 * live-response poll and answer every command. The Windows hosts upload a few logs of synthetic processes at the
 * start and a small one every interval after (so that a watchlist a test makes sees new processes and raises alerts).
 * Closing stops them all.
 */
final class SimulatedFleet implements AutoCloseable {

    /** The synthetic hosts: the same processes every run. */
    private static final long SEED = 15;

    private static final int EVENTS_PER_UPLOAD = 400;

    /** Each Windows host's log every interval: a trickle, not a load. */
    private static final int EVENTS_PER_TRICKLE = 40;

    private final SensorClient client;
    private final Simulator simulator;
    private final List<Simulator.SimSensor> windows;
    private final List<Simulator.SimSensor> sensors;
    private final LiveResponsePolls polls;
    private final Thread checkins;
    private final AtomicLong failedCheckins = new AtomicLong();
    private final AtomicLong failedUploads = new AtomicLong();
    private volatile boolean running = true;

    private SimulatedFleet(
            SensorClient client,
            Simulator simulator,
            List<Simulator.SimSensor> windows,
            List<Simulator.SimSensor> sensors,
            LiveResponsePolls polls,
            int checkinSeconds) {
        this.client = client;
        this.simulator = simulator;
        this.windows = windows;
        this.sensors = sensors;
        this.polls = polls;
        this.checkins =
                Thread.ofPlatform().daemon().name("e2e-sensor-checkins").start(() -> checkInEvery(checkinSeconds));
    }

    /**
     * Registers the sensors (Windows first, then Linux), makes them answer live response, uploads {@code uploads}
     * logs of each Windows host, and keeps them checking in every {@code checkinSeconds}.
     */
    static SimulatedFleet start(
            String serverUrl, String registrationToken, int windows, int linux, int uploads, int checkinSeconds)
            throws IOException, InterruptedException {
        SensorClient client = new SensorClient(URI.create(serverUrl), SensorClient.trustAllHttpClient());
        Simulator sim = new Simulator(client, registrationToken);
        List<Simulator.SimSensor> windowsHosts = sim.register(windows, SEED);
        List<Simulator.SimSensor> all = new ArrayList<>(windowsHosts);
        all.addAll(sim.register(linux, SEED + windows, SimulatedPlatform.LINUX));
        // Small memory dumps: a test that dumps memory waits for the whole file.
        LiveResponsePolls polls = sim.answerLiveResponse(all, 30, 4L << 20);
        for (Simulator.SimSensor s : windowsHosts) {
            for (int i = 0; i < uploads; i++) {
                client.upload(
                        s.identity(), "e2e-" + s.index() + "-" + i, s.host().nextUpload(EVENTS_PER_UPLOAD));
            }
        }
        return new SimulatedFleet(client, sim, windowsHosts, all, polls, checkinSeconds);
    }

    /** The sensor ids the server gave, Windows hosts first. */
    List<Integer> sensorIds() {
        return sensors.stream().map(s -> s.identity().sensorId()).toList();
    }

    /** Check-ins that failed so far (a server busy for a moment; the next one tries again). */
    long failedCheckins() {
        return failedCheckins.get();
    }

    /** Trickle uploads that failed so far. */
    long failedUploads() {
        return failedUploads.get();
    }

    private void checkInEvery(int seconds) {
        for (int round = 0; running; round++) {
            for (Simulator.SimSensor s : windows) {
                if (!running) return;
                try {
                    client.upload(
                            s.identity(),
                            "e2e-trickle-" + s.index() + "-" + round,
                            s.host().nextUpload(EVENTS_PER_TRICKLE));
                } catch (IOException e) {
                    failedUploads.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
            }
            for (Simulator.SimSensor s : sensors) {
                if (!running) return;
                try {
                    simulator.checkin(s.identity());
                } catch (IOException e) {
                    failedCheckins.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                Thread.sleep(seconds * 1000L);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        checkins.interrupt();
        checkins.join(10_000);
        polls.close();
    }
}
