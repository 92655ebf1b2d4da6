package io.lampblack.server.ingest;

/**
 * One acknowledged event-log upload as it lies in the journal.
 *
 * @param position    journal byte position of the record (global across journal files)
 * @param end         position just past it; the pipeline reports progress in these terms
 * @param serverTime  server receipt time in epoch ms, assigned once by the journal and strictly increasing, so
 *                    segment ids derived from it are unique per upload and identical when the record is replayed
 * @param sensorId    the authenticated sensor that sent it
 * @param uploadId    the sensor-chosen id that makes re-sent uploads recognisable
 * @param payload     the plain framed event log ([uint32 LE length][CbEventMsg] records)
 */
public record JournalRecord(long position, long end, long serverTime, int sensorId, String uploadId, byte[] payload) {}
