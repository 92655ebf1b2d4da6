package io.lampblack.server.assembly;

import io.lampblack.server.config.OwnerOnlyFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.api.InfoApi;
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

    private ServerInfo() {
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve("server-info.json");
    }

    /** The admin token an earlier start wrote, if any. */
    public static Optional<String> previousToken(Path dataDir) {
        try {
            Path f = file(dataDir);
            if (!Files.exists(f)) return Optional.empty();
            String t = Json.MAPPER.readTree(f.toFile()).path("api_token").asText("");
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static void write(Path dataDir, String url, Optional<String> adminToken, String busUrl) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("url", url);
        o.put("api_token", adminToken.orElse(""));
        o.put("username", AccessAssembly.ADMIN_USER);
        o.put("certificate", dataDir.resolve("tls").resolve("server.crt").toString());
        o.put("bus_url", busUrl);
        o.put("cb_api_version", InfoApi.CB_API_VERSION);
        o.put("lampblack_version", InfoApi.LAMPBLACK_VERSION);
        Path f = file(dataDir);
        try {
            OwnerOnlyFiles.write(f, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
