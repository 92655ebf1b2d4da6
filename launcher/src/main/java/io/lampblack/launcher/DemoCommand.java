package io.lampblack.launcher;

import io.lampblack.sensor.agent.Placeholders;
import io.lampblack.sensor.agent.SensorAgent;
import io.lampblack.sensor.agent.SensorMain;
import io.lampblack.sensor.agent.SensorOptions;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./lampblack demo}: a server with the sample corpus replayed into it, a sensor for this machine, and queries
 * to try.
 */
@Command(
        name = "demo",
        customSynopsis = "${COMMAND-FULL-NAME} [-h] [--KEY VALUE | --KEY=VALUE]...",
        description = {
            "Start a server with the sample corpus replayed into it, and a sensor for this machine.",
            "The corpus is read from ../shared/corpus when it is there. Takes the server's settings"
                    + " (./lampblack server --help lists them); --data defaults to data/demo."
        })
final class DemoCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    /** Server settings; the demo keeps its data apart unless told otherwise. */
    @Unmatched
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // ServerSettings lets a later setting win, so a --data given here replaces this one.
        List<String> args = new ArrayList<>(List.of("--data", "data/demo"));
        args.addAll(settings);
        ServerSettings settings = ServerCommand.settings(spec, args);
        LampblackServer s = ServerCommand.start(settings);
        Path corpus = Lampblack.projectHome().resolve("../shared/corpus").normalize();
        List<Path> inputs = List.of(
                corpus.resolve("protobuf"),
                corpus.resolve("rawsensordata/zip"),
                corpus.resolve("rawsensordata/bundles"));
        if (inputs.stream().allMatch(Files::isDirectory)) {
            System.out.println("Replaying the sample corpus from " + corpus + " ...");
            SensorClient client = new SensorClient(URI.create(s.url()), SensorClient.trustAllHttpClient());
            Replay.run(
                    client,
                    CorpusLoader.load(inputs, 500),
                    s.registrationToken().orElse(""),
                    System.out);
            s.ingest().pipeline().awaitIndexed(120_000);
            System.out.println("Indexed " + s.search().index().documentCount() + " process segments.");
        } else {
            System.out.println("No sample corpus at " + corpus + "; the server starts empty.");
        }
        System.out.println();
        System.out.println("Try (the admin's token read from server-info.json, so that it stays out of this output):");
        System.out.println("  TOKEN=$(sed -n 's/.*\"api_token\" *: *\"\\(.*\\)\".*/\\1/p' " + s.serverInfoFile() + ")");
        for (String q : List.of(
                "process_name:svchost.exe",
                "process_name:chrome.exe%20netconn_count:[1%20TO%20*]",
                "path:system32\\\\*%20-process_name:svchost.exe")) {
            System.out.println(
                    "  curl -k -H \"X-Auth-Token: $TOKEN\" \"" + s.url() + "/api/v1/process?q=" + q + "&rows=5\"");
        }
        System.out.println("\nServing until Ctrl-C.");
        // Started beside the server, never in its way: a sensor that cannot register does not hold up the demo.
        Thread.ofPlatform().name("demo-sensor-start").daemon(true).start(() -> localSensor(s, settings));
        ServerCommand.awaitShutdown(s);
        return 0;
    }

    /**
     * One sensor for this machine, in this process, trusting the demo server's own certificate and enrolled with its
     * registration token, its data beside the server's: the newcomer's own processes show next to the corpus.
     */
    private static void localSensor(LampblackServer s, ServerSettings settings) {
        String operatorCert = settings.get(ServerSettings.TLS_CERT);
        Path cert = operatorCert.isEmpty() ? s.dataDir().resolve("tls").resolve("server.crt") : Path.of(operatorCert);
        List<String> args = new ArrayList<>(List.of(
                "--server",
                s.url(),
                "--cacert",
                cert.toString(),
                "--data",
                s.dataDir().resolve("sensor").toString()));
        s.registrationToken().ifPresent(t -> args.addAll(List.of("--registration-token", t)));
        try {
            SensorOptions options = SensorMain.options(args);
            // Live response, yes (a newcomer can open a session on this machine); isolation, never: a demo must not
            // cut the machine it runs on off its network.
            SensorAgent a = SensorMain.start(options, SensorMain.parts(options, Placeholders.unsupportedIsolation()));
            // Its own hook: the sensor spools what it still holds while the server closes.
            Runtime.getRuntime().addShutdownHook(new Thread(a::close, "demo-sensor-shutdown"));
            System.out.println(
                    "Started a sensor for this machine: sensor " + a.identity().sensorId() + ", data in "
                            + s.dataDir().resolve("sensor") + "; its processes show next to the corpus:");
            System.out.println("  curl -k -H \"X-Auth-Token: $TOKEN\" \"" + s.url() + "/api/v1/process?q=sensor_id:"
                    + a.identity().sensorId() + "&rows=5\"");
            System.out.println("Live response sessions on it run commands as " + System.getProperty("user.name")
                    + ", the user running this demo; network isolation is off in the demo.");
        } catch (Exception e) {
            System.out.println("The sensor for this machine did not start: " + e.getMessage());
        }
    }
}
