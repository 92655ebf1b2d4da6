package io.lampblack.launcher;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.sensor.replay.ReplaySource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./lampblack replay}: uploads recorded sensor data to a server through the sensor API. */
@Command(
        name = "replay",
        description = {
            "Upload corpus zips, bundles, .protobuf directories to a server.",
            "Registers one sensor per recorded (sensor id, hostname) and uploads its events in order, as that sensor"
                    + " would; prints which server sensor replayed which recorded one."
        })
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server;

    @Option(
            names = "--cacert",
            paramLabel = "PEM",
            description = "Certificate(s) to trust for the server's TLS. Without it any certificate is accepted"
                    + " (the server's own is self-signed).")
    Path caCert;

    @Option(
            names = "--events-per-upload",
            paramLabel = "N",
            description = "Events per upload (default: ${DEFAULT-VALUE}).")
    int eventsPerUpload = 500;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILES",
            description = "Corpus zips, bundles, directories of .protobuf events, bare event-log streams.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        for (Path f : files) {
            if (!Files.exists(f)) throw new ParameterException(spec.commandLine(), "no such file: " + f);
        }
        SensorClient client = new SensorClient(
                URI.create(server.url()),
                caCert != null ? SensorClient.httpClient(caCert) : SensorClient.trustAllHttpClient());
        List<ReplaySource> sources = CorpusLoader.load(files, eventsPerUpload);
        Replay.run(client, sources, server.registrationToken(), System.out);
        return 0;
    }
}
