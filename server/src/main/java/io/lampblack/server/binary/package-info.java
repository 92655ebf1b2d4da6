/**
 * The binary catalog: what is known about every file sensors have reported, and the files themselves.
 *
 * <p>In: every indexed upload, from the ingest pipeline ({@link io.lampblack.server.binary.BinaryCatalog} is an
 * {@link io.lampblack.server.ingest.IngestRoute.OnIndexed} and {@link io.lampblack.server.ingest.IngestRoute.OnCommit}
 * hook on its route): module-info events ({@code CbModuleInfoMsg}: version strings,
 * signature, sizes, icon, image header), modloads, last writes with an MD5, and process images, each with the
 * sensor that reported it; and binary files uploaded by sensors ({@link io.lampblack.server.binary.BinaryStore}).
 *
 * <p>Out: one document per MD5, merged from the observations ({@link io.lampblack.server.binary.BinaryDelta}) and
 * written through the {@link io.lampblack.server.binary.BinaryIndex} role (fields as
 * {@link io.lampblack.server.search.schema.BinarySchema} declares them), searched through the
 * {@link io.lampblack.server.binary.BinarySearch} role (the {@code /api/v1/binary} endpoints, and the binary side of
 * process-search joins); the Carbon Black JSON document ({@link io.lampblack.server.binary.BinaryJson}); files as
 * {@code DATA/binaries/<2 hex>/<MD5>.gz}; and "first seen" / "file added" callbacks to
 * {@link io.lampblack.server.binary.BinaryObservations} for the message bus.
 *
 * <p>Both roles are implemented on Lucene in {@code lucene.binary}, which also turns binary-join clauses into
 * process queries; nothing here knows the index technology.
 */
package io.lampblack.server.binary;
