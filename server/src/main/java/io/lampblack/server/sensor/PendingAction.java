package io.lampblack.server.sensor;

/** An action waiting for a sensor's next check-in (isolate, restart, ...). */
public record PendingAction(long id, String type, String payloadJson) {}
