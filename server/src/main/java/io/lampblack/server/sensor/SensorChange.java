package io.lampblack.server.sensor;

import java.time.Instant;
import java.util.Optional;

/**
 * What an administrator asks of a sensor (the six fields cbapi's {@code Sensor.save()} sends).
 *
 * @param flushUntil empty: no flush asked; else the sensor flushes its event logs until then
 */
public record SensorChange(
        Optional<Instant> flushUntil,
        int groupId,
        boolean networkIsolationEnabled,
        String notes,
        boolean restartQueued,
        boolean uninstall) {}
