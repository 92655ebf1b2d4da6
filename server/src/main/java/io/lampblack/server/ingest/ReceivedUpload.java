package io.lampblack.server.ingest;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.server.process.SensorContext;

/**
 * Stage 1 of the route: an upload received over HTTPS, validated and decoded whole, new (not a re-send), and not yet
 * durable: the sensor is still waiting for its answer.
 *
 * @param sensor   the authenticated sensor that sent it, with the facts stamped on its segments
 * @param uploadId the sensor-chosen id that makes re-sent uploads recognisable
 * @param log      its events, decoded
 */
public record ReceivedUpload(SensorContext sensor, String uploadId, DecodedEventLog log) {}
