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
import java.util.function.Function;

/**
 * {@code DATA/server-info.json}, for scripts: url, api_token, sensor_registration_token, bus_url and versions.
 * Readable by its owner only (it holds credentials): it is where the operator finds the secrets a start created,
 * which the terminal shows only once. The admin token is known only on the start that created the admin user; later
 * starts keep the one written then. That start writes the file as soon as the admin exists ({@link #writeCreated}),
 * and again once it serves. A rotated registration token replaces the one in the file at once.
 */
public final class ServerInfo {

    /** What the file holds; scripts read it by these keys. */
    public record Contents(
            @JsonProperty("url") String url,
            @JsonProperty("api_token") String apiToken,
            @JsonProperty("username") String username,
            @JsonProperty("password") String password,
            @JsonProperty("sensor_registration_token") String sensorRegistrationToken,
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
        return previous(dataDir, Contents::apiToken);
    }

    /** The admin's first password, as an earlier start wrote it, if any (the admin may have changed it since). */
    public static Optional<String> previousPassword(Path dataDir) {
        return previous(dataDir, Contents::password);
    }

    private static Optional<String> previous(Path dataDir, Function<Contents, String> field) {
        return readQuietly(dataDir).map(field).filter(t -> !t.isEmpty());
    }

    /** What an earlier start wrote; empty when there is no file or it cannot be read (damaged, an odd shape). */
    private static Optional<Contents> readQuietly(Path dataDir) {
        try {
            return read(dataDir);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The secrets a start just created (the admin's token and password, committed to the database), written before
     * the rest of the start can fail (the HTTPS port taken, the broker not starting): the file written at the end of
     * the start would never be, and nobody would know the credentials of the admin that exists from now on. What is
     * not known yet is what an earlier start wrote, else empty: the URL (unless {@code url} is known already, a fixed
     * port or {@code --public-url}) and the bus URL. The end of the start writes the whole file again.
     */
    public static void writeCreated(
            Path dataDir,
            Optional<String> url,
            Optional<String> adminToken,
            Optional<String> adminPassword,
            Optional<String> registrationToken) {
        Optional<Contents> before = readQuietly(dataDir);
        write(
                dataDir,
                url.or(() -> before.map(Contents::url)).orElse(""),
                adminToken,
                adminPassword,
                registrationToken,
                before.map(Contents::busUrl).orElse(""));
    }

    /**
     * @param registrationToken what sensors present to register; empty when registration is open
     */
    public static void write(
            Path dataDir,
            String url,
            Optional<String> adminToken,
            Optional<String> adminPassword,
            Optional<String> registrationToken,
            String busUrl) {
        write(
                dataDir,
                new Contents(
                        url,
                        adminToken.orElse(""),
                        AccessAssembly.ADMIN_USER,
                        adminPassword.orElse(""),
                        registrationToken.orElse(""),
                        dataDir.resolve("tls").resolve("server.crt").toString(),
                        busUrl,
                        InfoApi.CB_API_VERSION,
                        InfoApi.LAMPBLACK_VERSION));
    }

    /** After a rotation: the file names the new registration token (nothing to do before a start wrote the file). */
    static synchronized void replaceRegistrationToken(Path dataDir, String token) throws IOException {
        Optional<Contents> c = read(dataDir);
        if (c.isEmpty()) return;
        Contents o = c.get();
        write(
                dataDir,
                new Contents(
                        o.url(),
                        o.apiToken(),
                        o.username(),
                        o.password(),
                        token,
                        o.certificate(),
                        o.busUrl(),
                        o.cbApiVersion(),
                        o.lampblackVersion()));
    }

    private static synchronized void write(Path dataDir, Contents contents) {
        Path f = file(dataDir);
        try {
            OwnerOnlyFiles.write(f, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(contents));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
