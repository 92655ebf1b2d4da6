package io.lampblack.server.sensor;

import java.time.Instant;

/** An action waiting for a sensor's next check-in (isolate, restart, ...), delivered until the sensor reports it. */
public record PendingAction(long id, String type, String payloadJson, int sensorId, Instant created) {}
