/**
 * Process search and the process index by role, independent of the index technology; and the pages of record
 * search.
 *
 * <p>In: process segments from the ingest pipeline, added through the {@link io.lampblack.server.search.ProcessIndex}
 * role with commits recording the journal position they cover (each with its Carbon Black process document,
 * {@link io.lampblack.server.search.SegmentJson}); and search requests ({@code q}, {@code cb.q.*},
 * {@code cb.fq.*}, paging, sort, evaluation switches, grouping, time windows, facets), which
 * {@link io.lampblack.server.search.ProcessSearch} parses with {@code search.query} into a
 * {@link io.lampblack.server.search.ProcessQuery}.
 *
 * <p>Out: pages of matching segments ({@link io.lampblack.server.search.ProcessResults},
 * {@link io.lampblack.server.search.ProcessHit}) with highlights ({@link io.lampblack.server.search.Highlighter}), the
 * stored segments and raw events of one process for the summary and event endpoints
 * ({@link io.lampblack.server.search.StoredSegment}), the newest metadata of a process for the segment assembler, the
 * committed journal position to replay from after a crash, matches of saved queries on just-indexed segments
 * ({@link io.lampblack.server.search.SegmentMatcher}, for streamed watchlists), and the storage partitions by role
 * ({@link io.lampblack.server.search.StoragePartitions}: listing, roll, mount, unmount, delete, retention by a
 * {@link io.lampblack.server.search.PartitionPolicy}, checked periodically by
 * {@link io.lampblack.server.search.PartitionMaintenance}). Every read covers all mounted partitions at once.
 * Which queries need per-process evaluation is decided here ({@link io.lampblack.server.search.ComprehensiveRules});
 * alert and threat-report searches answer with {@link io.lampblack.server.search.RecordPage}s.
 *
 * <p>The Lucene implementation is {@code lucene.process} (with {@code lucene.partition}); nothing here imports it.
 */
package io.lampblack.server.search;
