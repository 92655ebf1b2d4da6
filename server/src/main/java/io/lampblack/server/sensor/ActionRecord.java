package io.lampblack.server.sensor;

import java.time.Instant;
import java.util.Optional;

/**
 * An action sent to a sensor and what became of it.
 *
 * @param outcome empty while pending; {@code applied}, {@code failed} or {@code withdrawn}
 */
public record ActionRecord(
        long id,
        int sensorId,
        String type,
        String payloadJson,
        Instant created,
        Optional<Instant> ended,
        Optional<String> outcome,
        String message) {}
