package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;

/**
 * Where telemetry sources hand the events they observe, each a complete {@code CbEventMsg} as a Carbon Black sensor
 * would send it (header with {@code process_pid}, {@code process_create_time} as FILETIME, {@code timestamp}). The
 * sensor's agent batches them into event logs on its spool. Called from the sources' own threads; must not block for
 * long.
 */
@FunctionalInterface
public interface EventSink {
    void accept(CbEventMsg event);
}
