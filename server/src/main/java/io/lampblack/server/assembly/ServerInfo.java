package io.lampblack.server.assembly;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.api.InfoApi;
import io.lampblack.server.config.OwnerOnlyFiles;
import io.lampblack.server.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code DATA/server-info.json}, for scripts: url, api_token, bus_url and versions. Readable by its owner only (it
 * holds a credential). The admin token is known only on the start that created the admin user; later starts keep
 * the one written then.
 */
public final class ServerInfo {

    /** What the file holds; scripts read it by these keys. */
    public record Contents(
            @JsonProperty("url") String url,
            @JsonProperty("api_token") String apiToken,
            @JsonProperty("username") String username,
            @JsonProperty("certificate") String certificate,
            @JsonProperty("bus_url") String busUrl,
            @JsonProperty("cb_api_version") String cbApiVersion,
            @JsonProperty("lampblack_version") String lampblackVersion) {}

    private ServerInfo() {}

    public static Path file(Path dataDir) {
        return dataDir.resolve("server-info.json");
    }

    /** What a server with this data directory wrote, if it did (the launcher reads its URL from here). */
    public static Optional<Contents> read(Path dataDir) throws IOException {
        Path f = file(dataDir);
        return Files.exists(f) ? Optional.of(Json.MAPPER.readValue(f.toFile(), Contents.class)) : Optional.empty();
    }

    /** The admin token an earlier start wrote, if any. */
    public static Optional<String> previousToken(Path dataDir) {
        try {
            return read(dataDir).map(Contents::apiToken).filter(t -> !t.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static void write(Path dataDir, String url, Optional<String> adminToken, String busUrl) {
        Contents contents = new Contents(
                url,
                adminToken.orElse(""),
                AccessAssembly.ADMIN_USER,
                dataDir.resolve("tls").resolve("server.crt").toString(),
                busUrl,
                InfoApi.CB_API_VERSION,
                InfoApi.LAMPBLACK_VERSION);
        Path f = file(dataDir);
        try {
            OwnerOnlyFiles.write(f, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(contents));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
