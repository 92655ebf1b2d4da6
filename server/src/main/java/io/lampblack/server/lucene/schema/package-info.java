/**
 * Lucene documents written from the field catalogue of {@code search.schema}.
 *
 * <p>In: segment field values from the segment document builder ({@code lucene.process}), and the values of the
 * low-volume indexes' records (binaries, alerts, threat reports). Out: Lucene fields added to a
 * {@link org.apache.lucene.document.Document}: through
 * {@link io.lampblack.server.lucene.schema.ProcessFieldWriter} for segments (the ingest hot path: distinct terms
 * collected in reused buffers and added through reusable token streams), through
 * {@link io.lampblack.server.lucene.schema.DocumentFieldWriter}, the kind-driven writer, for the rest; each value
 * normalised by the normaliser of its field's kind, the one the translator ({@code lucene.query}) applies to query
 * values. Also: the {@link io.lampblack.server.lucene.schema.PathVocabulary} (every distinct path with its
 * sub-paths, through which sub-path clauses are resolved, since segments index whole paths only), the sort field of
 * each sortable kind ({@link io.lampblack.server.lucene.schema.SortFields}) and the IPv4 point encoding
 * ({@link io.lampblack.server.lucene.schema.Ipv4Encoding}).
 */
package io.lampblack.server.lucene.schema;
