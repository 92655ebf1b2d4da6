/**
 * Process segments: one per process per upload.
 *
 * <p>In: a decoded upload ({@link io.lampblack.protocol.DecodedEventLog}), the facts of the sensor that sent it
 * ({@link io.lampblack.server.process.SensorContext}) and its server receipt time. Out: immutable
 * {@link io.lampblack.server.process.ProcessSegment}s, each with its process GUID, a segment id equal to the receipt
 * time (so a replayed upload yields the same ids), counts and deduplicated search terms per event type, the raw
 * events in event-log framing, and the process metadata every segment repeats. Events without a process context
 * (binary module info, tamper alerts) go into no segment.
 *
 * <p>Metadata comes from the process-start event when the upload has it, else from the
 * {@link io.lampblack.server.process.ProcessMetadataCache}, else from the index through the
 * {@link io.lampblack.server.process.MetadataLookup} role, else from the event headers with {@code (unknown)} where
 * nothing is known (docs/compatibility.md).
 */
package io.lampblack.server.process;
