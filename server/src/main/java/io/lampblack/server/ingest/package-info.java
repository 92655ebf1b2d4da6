/**
 * The route of an upload, from the sensor's POST to durable, indexed segments, exactly once.
 *
 * <p>{@link io.lampblack.server.ingest.IngestRoute} names the stages and the hooks other features plug into:
 * <b>received</b> ({@link io.lampblack.server.ingest.UploadIntake}: validated and decoded whole, re-sends recognised
 * by the {@link io.lampblack.server.ingest.UploadRegistry}) → <b>journaled</b>
 * ({@link io.lampblack.server.ingest.Journal}: fsync'ed with group commit, receipt time assigned, then the sensor is
 * answered) → <b>assembled</b> and <b>indexed</b> ({@link io.lampblack.server.ingest.IngestPipeline}: segments by
 * {@code process}, added to the {@code search} port) → <b>matched</b> and <b>published</b> (on the hooks' own
 * threads) → <b>durable</b> (commit hooks, then the index commits the journal position it covers and the journal is
 * trimmed behind it). The upload travels as a typed value:
 * {@link io.lampblack.server.ingest.ReceivedUpload}, {@link io.lampblack.server.ingest.JournaledUpload},
 * {@link io.lampblack.server.ingest.IndexedUpload}.
 *
 * <p>In: an event-log upload of an authenticated sensor with its sensor-chosen upload id. Out: to the sensor, the
 * answer (accepted, duplicate, or rejected whole with a reason) only once the upload is durable; to the hooks, each
 * upload at each stage; to {@code deadletter/}, uploads that cannot be indexed, with their cause; per-stage timings
 * and queue depths for {@code /metrics}. After a crash the journal is replayed from the last committed position.
 */
package io.lampblack.server.ingest;
