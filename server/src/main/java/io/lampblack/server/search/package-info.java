/**
 * The process index and process search.
 *
 * <p>In: process segments from the ingest pipeline, each added as one Lucene document (searchable fields from
 * {@code search.schema}, the Carbon Black process document and the raw events stored beside them), with commits
 * recording the journal position they cover; and search requests ({@code q}, {@code cb.q.*}, {@code cb.fq.*},
 * paging, sort) parsed and translated by {@code search.query}.
 *
 * <p>Out: pages of matching segments as stored JSON documents with the total count, the stored segments and raw
 * events of one process for the summary and event endpoints, the newest metadata of a process for the segment
 * assembler, the committed journal position to replay from after a crash, and the storage partitions (listing,
 * roll, mount, unmount, delete, retention; the mechanics are in {@code search.partition}). Every read covers all
 * mounted partitions at once.
 */
package io.lampblack.server.search;
