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

    /** The identity, if the sensor registered already; a damaged file is an error (never silently re-registered). */
    Optional<SensorClient.Identity> read() throws IOException {
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
        return Optional.of(new SensorClient.Identity(c.sensorId(), c.secret()));
    }

    void write(SensorClient.Identity id, String server) throws IOException {
        OwnerOnlyFiles.write(file, JSON.writeValueAsBytes(new Contents(id.sensorId(), id.secret(), server)));
    }
}
