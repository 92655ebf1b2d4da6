/**
 * How every process-search and binary-search field is indexed, and therefore how it can be queried.
 *
 * <p>In: field values from the segment assembler (names, paths, command lines, event-derived
 * paths, domains, addresses, hashes, counts, times). Out: Lucene fields added to a segment
 * {@link org.apache.lucene.document.Document} through {@link io.lampblack.server.search.schema.ProcessFieldWriter},
 * and the catalogue ({@link io.lampblack.server.search.schema.ProcessSchema}) that the query
 * translator reads to decide how a {@code field:value} clause becomes a Lucene query.
 *
 * <p>The normalisers here ({@link io.lampblack.server.search.schema.PathNormalizer},
 * {@link io.lampblack.server.search.schema.RegmodNormalizer},
 * {@link io.lampblack.server.search.schema.CmdlineTokenizer},
 * {@link io.lampblack.server.search.schema.DomainTokenizer},
 * {@link io.lampblack.server.search.schema.UsernameNormalizer},
 * {@link io.lampblack.server.search.schema.HashNormalizer},
 * {@link io.lampblack.server.search.schema.KeywordNormalizer}) are shared by the writer and
 * the translator, so a value is turned into terms the same way on both sides by construction.
 *
 * <p>Binary documents: {@link io.lampblack.server.search.schema.BinarySchema} is their catalogue (FileVersionInfo
 * and signature text, sizes, image flags, observed file names, endpoints, facet copies), written through
 * {@link io.lampblack.server.search.schema.DocumentFieldWriter}, the kind-driven writer for low-volume indexes;
 * {@link io.lampblack.server.search.schema.TextTokenizer} splits text fields into words.
 * {@link io.lampblack.server.search.schema.BinaryFields} is the subset a process query may join on.
 */
package io.lampblack.server.search.schema;
