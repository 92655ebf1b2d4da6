package io.lampblack.server.ingest;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.process.SensorContext;
import java.util.List;

/**
 * Stages 3 and 4 of the route: a journaled upload assembled into process segments (one per process it touches,
 * with the process metadata filled in) that are now in the process index, neither committed nor necessarily
 * searchable yet.
 */
public record IndexedUpload(JournaledUpload upload, List<ProcessSegment> segments) {

    public SensorContext sensor() {
        return upload.sensor();
    }

    public long serverTime() {
        return upload.serverTime();
    }

    public DecodedEventLog log() {
        return upload.log();
    }
}
