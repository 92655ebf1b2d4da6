package io.lampblack.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --server URL}: the server that replay and simulate upload to. */
final class ServerOption {

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "The server's URL. Default: the url in the"
                    + " server-info.json in data/ or else data/demo/ (a server started here writes it); without one,"
                    + " https://127.0.0.1:8443.")
    String given;

    /** The URL given, else the one a server started from this checkout wrote, else the default port on localhost. */
    String url() throws IOException {
        if (given != null) return given;
        for (Path p : List.of(Path.of("data/server-info.json"), Path.of("data/demo/server-info.json"))) {
            if (Files.exists(p)) {
                JsonNode n = new ObjectMapper().readTree(p.toFile());
                if (n.hasNonNull("url")) return n.get("url").asText();
            }
        }
        return "https://127.0.0.1:8443";
    }
}
