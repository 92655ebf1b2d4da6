package io.lampblack.sensor.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.sensor.client.SensorClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code DATA/identity.json}: the sensor id and secret the server gave at registration, kept owner-only. A sensor
 * registers once; every later start reads this file.
 */
final class IdentityFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the file holds; {@code server} is the URL the sensor registered with, for people reading it. */
    record Contents(
            @JsonProperty("sensor_id") int sensorId,
            @JsonProperty("secret") String secret,
            @JsonProperty("server") String server) {}

    private final Path file;

    IdentityFile(Path dataDir) {
        this.file = dataDir.resolve("identity.json");
    }

    Path path() {
        return file;
    }

    /**
     * The identity, if the sensor registered already with {@code server}; a damaged file is an error (never silently
     * re-registered), and so is an identity from another server (its id and secret mean nothing there).
     */
    Optional<SensorClient.Identity> read(String server) throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        Contents c;
        try {
            c = JSON.readValue(file.toFile(), Contents.class);
        } catch (IOException e) {
            throw new IOException(file + " is damaged (" + e.getMessage() + "); remove it to register again", e);
        }
        if (c.sensorId() <= 0 || c.secret() == null || c.secret().isEmpty()) {
            throw new IOException(file + " holds no sensor id and secret; remove it to register again");
        }
        if (c.server() != null && !sameServer(c.server(), server)) {
            throw new IOException("this sensor registered with " + c.server() + ", not " + server
                    + ": to register with " + server + ", remove " + file + " (the sensor then registers afresh)");
        }
        return Optional.of(new SensorClient.Identity(c.sensorId(), c.secret()));
    }

    private static boolean sameServer(String a, String b) {
        return strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    void write(SensorClient.Identity id, String server) throws IOException {
        OwnerOnlyFiles.write(file, JSON.writeValueAsBytes(new Contents(id.sensorId(), id.secret(), server)));
    }
}
