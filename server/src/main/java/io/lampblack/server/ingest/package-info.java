/**
 * From an accepted upload to indexed segments, exactly once.
 *
 * <p>In: an event-log upload of an authenticated sensor with its sensor-chosen upload id
 * ({@link io.lampblack.server.ingest.UploadIntake}). It is validated whole, recognised if it is a re-send
 * ({@link io.lampblack.server.ingest.UploadRegistry}), and appended to the fsync'ed
 * {@link io.lampblack.server.ingest.Journal}, which assigns its strictly increasing server receipt time.
 *
 * <p>Out: to the sensor, the answer (accepted, duplicate, or an {@link io.lampblack.server.ingest.UploadRejected}
 * with its HTTP status) only once the upload is durable. Downstream, {@link io.lampblack.server.ingest.IngestPipeline}
 * tells its {@link io.lampblack.server.ingest.UploadListener} (the bus's raw export) of each durable
 * {@link io.lampblack.server.ingest.JournalRecord} as it arrives, hands it to the segment assembler ({@code process})
 * and the index ({@code search}), then tells the listener (the binary catalog) about the indexed upload, makes the listener durable and then commits the index with the journal position it
 * covers, trims journal files behind that position (remembering their upload ids in {@code uploads.seen}), and
 * writes uploads that cannot be indexed to {@code deadletter/} with their cause. After a crash the journal is
 * replayed from the last committed position.
 */
package io.lampblack.server.ingest;
