package io.lampblack.server.ingest;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.server.process.SensorContext;

/**
 * Stage 2 of the route: an upload durable in the journal (the sensor has its 200), with the server receipt time the
 * journal gave it. Uploads replayed from the journal after a restart are journaled uploads too.
 *
 * @param record where it lies in the journal, its receipt time and raw bytes
 * @param sensor the sensor facts stamped on its segments
 * @param log    its events, decoded
 */
public record JournaledUpload(JournalRecord record, SensorContext sensor, DecodedEventLog log) {

    /** The server receipt time (epoch ms): strictly increasing, the basis of the upload's segment ids. */
    public long serverTime() {
        return record.serverTime();
    }
}
