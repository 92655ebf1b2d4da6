/**
 * The process index on Lucene: one document per segment, in time partitions ({@code lucene.partition}).
 *
 * <p>In: process segments ({@link io.lampblack.server.process.ProcessSegment}), each written by
 * {@link io.lampblack.server.lucene.process.SegmentDocumentBuilder} (searchable fields through
 * {@code lucene.schema}, the process document and the raw events stored beside them, the process key for joins);
 * commits with the journal position they cover; {@link io.lampblack.server.search.ProcessQuery}s; batches of
 * just-indexed segments with saved queries.
 *
 * <p>Out: {@link io.lampblack.server.lucene.process.LuceneProcessIndex}, the
 * {@link io.lampblack.server.search.ProcessIndex} and {@link io.lampblack.server.search.StoragePartitions} roles:
 * queries translated by {@code lucene.query} (sub-path clauses through the path vocabulary), evaluated per segment or
 * per process ({@link io.lampblack.server.lucene.process.ComprehensiveEvaluator}) over one searcher on the
 * partitions of the request's window ({@link io.lampblack.server.lucene.process.SearchScope}), optionally one row per
 * process ({@link io.lampblack.server.lucene.process.ProcessGrouping}), with facets and highlights; and
 * {@link io.lampblack.server.lucene.process.SegmentBatchMatcher}, the
 * {@link io.lampblack.server.search.SegmentMatcher} role, matching in the index itself.
 */
package io.lampblack.server.lucene.process;
