package io.lampblack.server.sensor;

import java.time.Instant;
import java.util.Optional;

/**
 * What an administrator asks of a sensor (the six fields cbapi's {@code Sensor.save()} sends).
 *
 * A field left out of the request is null: it keeps the sensor's value at the time the request is carried out.
 *
 * @param flushUntil empty: no flush asked; else the sensor flushes its event logs until then
 */
public record SensorChange(
        Optional<Instant> flushUntil,
        Integer groupId,
        Boolean networkIsolationEnabled,
        String notes,
        Boolean restartQueued,
        Boolean uninstall) {}
