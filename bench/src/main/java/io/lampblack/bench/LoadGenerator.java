package io.lampblack.bench;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.Simulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sensors' side of the ingest benchmark, run in its own JVM so that their CPU is not the server's: registers
 * sensors, encodes every upload, says READY, waits for GO on stdin, sends everything (as fast as the server takes it,
 * or paced to an optional events-per-second rate), prints one RESULT line.
 */
public final class LoadGenerator {

    /**
     * The server's registration token, given by the parent in the environment (not in ps); the sensors' variable, not
     * the server's {@code LAMPBLACK_REGISTRATION_TOKEN}.
     */
    static final String TOKEN_VARIABLE = "LAMPBLACK_SENSOR_REGISTRATION_TOKEN";

    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int sensors = Integer.parseInt(args[1]);
        int uploadsPerSensor = Integer.parseInt(args[2]);
        int eventsPerUpload = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        long seed = Long.parseLong(args[5]);
        int warmupPerSensor = Integer.parseInt(args[6]);
        double pace = args.length > 7 ? Double.parseDouble(args[7]) : 0;
        Simulator sim = new Simulator(
                new SensorClient(URI.create(url), SensorClient.trustAllHttpClient()),
                System.getenv().getOrDefault(TOKEN_VARIABLE, ""));
        List<Simulator.SimSensor> list = sim.register(sensors, seed);
        // Warm-up: the JIT of both JVMs (TLS, parsing, indexing) reaches steady state before anything is timed.
        if (warmupPerSensor > 0) {
            List<Simulator.SimSensor> warm = new java.util.ArrayList<>();
            for (Simulator.SimSensor s : list)
                warm.add(new Simulator.SimSensor(
                        s.index(),
                        s.identity(),
                        new io.lampblack.sensor.simulate.SyntheticHost(seed * 31 + s.index())));
            sim.blast(
                    warm,
                    Simulator.pregenerate(warm, warmupPerSensor, eventsPerUpload),
                    eventsPerUpload,
                    connections,
                    "warmup-");
        }
        List<byte[][]> bodies = Simulator.pregenerate(list, uploadsPerSensor, eventsPerUpload);
        long bytes = bodies.stream()
                .mapToLong(
                        a -> java.util.Arrays.stream(a).mapToLong(b -> b.length).sum())
                .sum();
        System.out.println("READY " + bytes);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(in.readLine())) return;
        Simulator.BlastResult r = sim.blast(list, bodies, eventsPerUpload, connections, "blast-", pace);
        System.out.printf(
                "RESULT %d %d %d %d %d %d%n",
                r.uploads(), r.events(), r.failures(), r.nanos(), r.percentileNanos(50), r.percentileNanos(99));
        System.out.flush();
    }
}
