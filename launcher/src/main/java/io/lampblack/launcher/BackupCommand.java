package io.lampblack.launcher;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.assembly.ServerInfo;
import io.lampblack.server.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./lampblack backup}: asks a running server for an online copy of its data directory
 * ({@code POST /api/v1/backup}). The server writes the copy itself (it holds the files open), so the directory is on
 * the server's machine.
 */
@Command(
        name = "backup",
        description = {
            "Take an online, consistent copy of a running server's data directory.",
            "The server writes it into --to (on its machine; new or empty, outside the data directory; owner-only):"
                    + " index commits, the journal tail not yet committed, the embedded database, binaries, feeds,"
                    + " TLS and bus secrets. An external --db database is not copied (pg_dump is its operator's)."
                    + " Bring it back with 'restore'."
        })
final class BackupCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "The running server's data directory: its server-info.json gives the URL, the admin token"
                    + " and the certificate to trust (default: data).")
    Path data = Path.of("data");

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "The server's URL (default: the url in DIR/server-info.json).")
    String server;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "DIR",
            description = "Where the server writes the copy (made absolute here).")
    Path to;

    @Override
    public Integer call() throws Exception {
        Optional<ServerInfo.Contents> info = ServerInfo.read(data);
        String url = server != null
                ? server
                : info.map(ServerInfo.Contents::url)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "no server-info.json in " + data + "; give --data DIR of the running server"));
        // The token: LAMPBLACK_API_TOKEN, else the admin's from server-info.json (never from the command line: ps).
        String token = Optional.ofNullable(System.getenv("LAMPBLACK_API_TOKEN"))
                .filter(t -> !t.isBlank())
                .or(() -> info.map(ServerInfo.Contents::apiToken).filter(t -> !t.isBlank()))
                .orElseThrow(() -> new IllegalArgumentException(
                        "no API token: set LAMPBLACK_API_TOKEN or give --data DIR with the server's server-info.json"));
        Path cert = data.resolve("tls").resolve("server.crt");
        HttpClient http = server == null && Files.exists(cert)
                ? SensorClient.httpClient(cert)
                : SensorClient.trustAllHttpClient();
        String body = Json.MAPPER.writeValueAsString(
                Map.of("directory", to.toAbsolutePath().normalize().toString()));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/backup"))
                        .header("X-Auth-Token", token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofHours(6))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            System.err.println("lampblack: backup refused (" + r.statusCode() + "): " + r.body());
            return 1;
        }
        var report = Json.MAPPER.readTree(r.body());
        System.out.printf(
                "backup in %s: %d files, %d bytes, %d ms, database %s%n",
                report.path("directory").asText(),
                report.path("files").asLong(),
                report.path("bytes").asLong(),
                report.path("millis").asLong(),
                report.path("database").asText());
        for (var note : report.path("notes")) System.out.println("  note: " + note.asText());
        return 0;
    }
}
