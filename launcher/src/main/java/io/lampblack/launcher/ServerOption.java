package io.lampblack.launcher;

import io.lampblack.server.assembly.ServerInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --server URL} and the registration token: the server that replay and simulate upload to, and what their
 * sensors present to register there.
 */
final class ServerOption {

    /**
     * Where the token may come from instead of the command line (which every local user sees in ps). Not the server's
     * own {@code LAMPBLACK_REGISTRATION_TOKEN}: exported for a replay, that one would make a later server started
     * from the same shell use it as a configured (non-rotatable) token.
     */
    static final String TOKEN_VARIABLE = "LAMPBLACK_SENSOR_REGISTRATION_TOKEN";

    /** The data directories of servers started from this checkout, whose server-info.json names URL and token. */
    private static final List<Path> LOCAL_DATA = List.of(Path.of("data"), Path.of("data/demo"));

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "The server's URL. Default: the url in the"
                    + " server-info.json in data/ or else data/demo/ (a server started here writes it); without one,"
                    + " https://127.0.0.1:8443.")
    String given;

    @Option(
            names = "--registration-token",
            paramLabel = "T",
            description = "Token the sensors present to register (visible in ps: prefer --registration-token-file or"
                    + " $" + TOKEN_VARIABLE + "). Default: the sensor_registration_token in the server-info.json of"
                    + " the server at that URL started here (data/ or data/demo/).")
    String registrationToken;

    @Option(
            names = "--registration-token-file",
            paramLabel = "PATH",
            description = "File holding the registration token.")
    Path registrationTokenFile;

    /** The URL given, else the one a server started from this checkout wrote, else the default port on localhost. */
    String url() throws IOException {
        if (given != null) return given;
        for (Path data : LOCAL_DATA) {
            // Empty when a first start failed before it listened (it wrote the file early for its credentials).
            Optional<String> url =
                    ServerInfo.read(data).map(ServerInfo.Contents::url).filter(u -> !u.isEmpty());
            if (url.isPresent()) return url.get();
        }
        return "https://127.0.0.1:8443";
    }

    /** The token from the command line, else its file, else the environment, else the local server's; or empty. */
    String registrationToken() throws IOException {
        return registrationToken(System.getenv());
    }

    String registrationToken(Map<String, String> environment) throws IOException {
        if (registrationToken != null && registrationTokenFile != null) {
            throw new IllegalArgumentException("give --registration-token or --registration-token-file, not both");
        }
        if (registrationToken != null) return registrationToken;
        if (registrationTokenFile != null)
            return Files.readString(registrationTokenFile).strip();
        String env = environment.get(TOKEN_VARIABLE);
        if (env != null && !env.isBlank()) return env.strip();
        String url = url();
        // Only the token of the server at this URL: another server's token is no business of this one.
        for (Path data : LOCAL_DATA) {
            Optional<ServerInfo.Contents> info = ServerInfo.read(data);
            if (info.isPresent() && url.equals(info.get().url())) {
                return Optional.ofNullable(info.get().sensorRegistrationToken()).orElse("");
            }
        }
        return "";
    }
}
