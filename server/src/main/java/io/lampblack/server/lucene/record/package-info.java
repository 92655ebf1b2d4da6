/**
 * Small Lucene indexes of JSON records searched with the query language: alerts and threat reports.
 *
 * <p>In: records (their API JSON) to put, put if absent or delete, look-ups by key, and search requests
 * ({@code q}, {@code cb.q.*}, {@code cb.fq.*}, paging, sort, facets). Out: each record stored whole under its key and
 * indexed by its schema ({@link io.lampblack.server.lucene.record.AlertSchema},
 * {@link io.lampblack.server.lucene.record.ReportSchema}) in a {@link io.lampblack.server.lucene.record.RecordIndex},
 * committed and searchable before each write returns; pages of records as
 * {@link io.lampblack.server.search.RecordPage}s. {@link io.lampblack.server.lucene.record.LuceneAlertStore} and
 * {@link io.lampblack.server.lucene.record.LuceneReportStore} are the {@link io.lampblack.server.alert.AlertStore}
 * and {@link io.lampblack.server.intel.ReportStore} roles on them.
 */
package io.lampblack.server.lucene.record;
