package io.lampblack.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.bench.Bench;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.sensor.replay.ReplaySource;
import io.lampblack.sensor.simulate.Simulator;
import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The one entry point behind {@code ./lampblack}: server, demo, replay, simulate, bench. */
public final class Lampblack {

    private Lampblack() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        try {
            switch (args[0]) {
                case "server" -> server(rest);
                case "demo" -> demo(rest);
                case "replay" -> replay(rest);
                case "simulate" -> simulate(rest);
                case "bench" -> Bench.main(rest.toArray(String[]::new));
                case "help", "--help", "-h" -> usage();
                default -> {
                    System.err.println("lampblack: unknown command '" + args[0] + "'");
                    usage();
                    System.exit(2);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("lampblack: " + e.getMessage());
            System.exit(2);
        }
    }

    static void usage() {
        System.out.println("""
                usage: ./lampblack COMMAND [options]

                  server [--data DIR] [--port 8443] [--db JDBC_URL] ...   start the server (server --help: all settings)
                  demo                                                     server + the sample corpus replayed into it
                  replay [--server URL] FILES...                           upload corpus zips, bundles, .protobuf dirs
                  simulate --sensors N [--rate EVENTS_PER_S] [--seconds S] synthetic sensors against a server
                  bench ingest                                             ingest benchmark (prints its figures)
                  bench query [--events N | --small] [--data DIR]          query benchmark: 10M events loaded, query mix vs hand-built Lucene
                  bench bus | bench intel                                  bus export / threat-intelligence benchmarks
                  test                                                     the full test suite
                """);
    }

    private static void server(List<String> args) throws Exception {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.println("usage: ./lampblack server [--key value ...]\n\n" + ServerSettings.help());
            return;
        }
        LampblackServer s = startServer(ServerSettings.fromArgs(args));
        awaitShutdown(s);
    }

    static LampblackServer startServer(ServerSettings settings) throws Exception {
        LampblackServer s = LampblackServer.start(settings);
        System.out.println("Lampblack is running at " + s.url());
        System.out.println("  API token (user admin): " + s.adminToken().orElse("(see " + s.serverInfoFile() + ")"));
        System.out.println("  message bus (AMQP):     " + s.busUrl());
        System.out.println("  TLS certificate:        " + s.dataDir().resolve("tls/server.crt"));
        System.out.println("  server info:            " + s.serverInfoFile());
        return s;
    }

    private static void awaitShutdown(LampblackServer s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s.close();
            done.countDown();
        }, "shutdown"));
        done.await();
    }

    private static void demo(List<String> args) throws Exception {
        if (!args.contains("--data") && args.stream().noneMatch(a -> a.startsWith("--data="))) {
            args.add("--data");
            args.add("data/demo");
        }
        LampblackServer s = startServer(ServerSettings.fromArgs(args));
        Path corpus = projectHome().resolve("../shared/corpus").normalize();
        List<Path> inputs = List.of(corpus.resolve("protobuf"), corpus.resolve("rawsensordata/zip"),
                corpus.resolve("rawsensordata/bundles"));
        if (inputs.stream().allMatch(Files::isDirectory)) {
            System.out.println("Replaying the sample corpus from " + corpus + " ...");
            SensorClient client = new SensorClient(URI.create(s.url()), SensorClient.httpClient(null));
            Replay.run(client, CorpusLoader.load(inputs, 500), "", System.out);
            s.ingest().pipeline().awaitIndexed(120_000);
            System.out.println("Indexed " + s.search().index().documentCount() + " process segments.");
        } else {
            System.out.println("No sample corpus at " + corpus + "; the server starts empty.");
        }
        String t = s.adminToken().orElse("TOKEN");
        System.out.println();
        System.out.println("Try:");
        for (String q : List.of("process_name:svchost.exe", "process_name:chrome.exe%20netconn_count:[1%20TO%20*]",
                "path:system32\\\\*%20-process_name:svchost.exe")) {
            System.out.println("  curl -k -H \"X-Auth-Token: " + t + "\" \"" + s.url() + "/api/v1/process?q=" + q + "&rows=5\"");
        }
        System.out.println("\nServing until Ctrl-C.");
        awaitShutdown(s);
    }

    private static void replay(List<String> args) throws Exception {
        String server = null;
        String token = "";
        Path ca = null;
        int perUpload = 500;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--server" -> server = next(args, ++i, "--server");
                case "--cacert" -> ca = Path.of(next(args, ++i, "--cacert"));
                case "--registration-token" -> token = next(args, ++i, "--registration-token");
                case "--events-per-upload" -> perUpload = Integer.parseInt(next(args, ++i, "--events-per-upload"));
                case "--help", "-h" -> {
                    System.out.println("usage: ./lampblack replay [--server URL] [--cacert PEM] [--registration-token T]"
                            + " [--events-per-upload N] FILES...\n  FILES: corpus zips, bundles, directories of"
                            + " .protobuf events, bare event-log streams");
                    return;
                }
                default -> {
                    if (args.get(i).startsWith("--")) {
                        throw new IllegalArgumentException("replay: unknown option " + args.get(i) + " (--help lists them)");
                    }
                    Path f = Path.of(args.get(i));
                    if (!java.nio.file.Files.exists(f)) throw new IllegalArgumentException("replay: no such file: " + f);
                    files.add(f);
                }
            }
        }
        if (files.isEmpty()) throw new IllegalArgumentException("replay needs files or directories to upload");
        SensorClient client = new SensorClient(URI.create(serverUrl(server)), SensorClient.httpClient(ca));
        List<ReplaySource> sources = CorpusLoader.load(files, perUpload);
        Replay.run(client, sources, token, System.out);
    }

    private static void simulate(List<String> args) throws Exception {
        String server = null;
        int sensors = 10;
        double rate = 0;
        int seconds = 60;
        int perUpload = 500;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--server" -> server = next(args, ++i, "--server");
                case "--sensors" -> sensors = Integer.parseInt(next(args, ++i, "--sensors"));
                case "--rate" -> rate = Double.parseDouble(next(args, ++i, "--rate"));
                case "--seconds" -> seconds = Integer.parseInt(next(args, ++i, "--seconds"));
                case "--events-per-upload" -> perUpload = Integer.parseInt(next(args, ++i, "--events-per-upload"));
                default -> throw new IllegalArgumentException("simulate: unknown option " + args.get(i));
            }
        }
        SensorClient client = new SensorClient(URI.create(serverUrl(server)), SensorClient.httpClient(null));
        Simulator sim = new Simulator(client, "");
        var list = sim.register(sensors, 42);
        System.out.printf("simulate: %d sensors registered, uploading for %d s%n", sensors, seconds);
        var r = sim.run(list, rate, perUpload, seconds, 30, System.out);
        System.out.printf("simulate: done: %d uploads, %d events (%.0f events/s), %d failed%n", r.uploads(), r.events(),
                r.eventsPerSecond(), r.failures());
    }

    private static String serverUrl(String given) throws Exception {
        if (given != null) return given;
        for (Path p : List.of(Path.of("data/server-info.json"), Path.of("data/demo/server-info.json"))) {
            if (Files.exists(p)) {
                JsonNode n = new ObjectMapper().readTree(p.toFile());
                if (n.hasNonNull("url")) return n.get("url").asText();
            }
        }
        return "https://127.0.0.1:8443";
    }

    private static String next(List<String> args, int i, String opt) {
        if (i >= args.size()) throw new IllegalArgumentException(opt + " needs a value");
        return args.get(i);
    }

    static Path projectHome() {
        return Path.of(System.getProperty("lampblack.home", ".")).toAbsolutePath();
    }
}
