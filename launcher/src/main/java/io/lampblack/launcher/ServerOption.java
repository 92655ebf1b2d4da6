package io.lampblack.launcher;

import io.lampblack.server.assembly.ServerInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
        for (Path data : List.of(Path.of("data"), Path.of("data/demo"))) {
            Optional<String> url = ServerInfo.read(data).map(ServerInfo.Contents::url);
            if (url.isPresent()) return url.get();
        }
        return "https://127.0.0.1:8443";
    }
}
