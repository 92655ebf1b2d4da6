package io.lampblack.server.ingest;

import io.lampblack.protocol.DecodedEventLog;

/**
 * The step of stage 1 that decides which events of a new upload are kept at all (ingress filters, the kinds a
 * sensor's group collects): what it drops is never journaled, so never indexed, published or matched. Runs on the
 * request thread once per new upload (not for re-sends); must not block.
 */
@FunctionalInterface
public interface IntakeFilter {

    /** The upload as it is to be journaled: {@code log} itself when nothing is dropped. */
    DecodedEventLog keep(int sensorId, DecodedEventLog log);

    IntakeFilter NONE = (sensorId, log) -> log;
}
