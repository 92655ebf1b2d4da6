/**
 * How every process-search and binary-search field is indexed, and therefore how it can be queried: the field
 * catalogue, independent of the index technology.
 *
 * <p>In: field names from queries, sort and facet parameters; field values from the segment assembler and the binary
 * catalog (names, paths, command lines, event-derived paths, domains, addresses, hashes, counts, times). Out: the
 * catalogues ({@link io.lampblack.server.search.schema.ProcessSchema}, field names in
 * {@link io.lampblack.server.search.schema.ProcessFields}) that the query parser and an index's translator read to
 * decide how a {@code field:value} clause is answered: each field's {@link io.lampblack.server.search.schema.FieldKind}
 * and flags ({@link io.lampblack.server.search.schema.FieldSpec}), and the
 * {@link io.lampblack.server.search.schema.DynamicField}s answered outside the documents (tags, binary joins).
 *
 * <p>The normalisers here ({@link io.lampblack.server.search.schema.PathNormalizer},
 * {@link io.lampblack.server.search.schema.RegmodNormalizer},
 * {@link io.lampblack.server.search.schema.CmdlineTokenizer},
 * {@link io.lampblack.server.search.schema.DomainTokenizer},
 * {@link io.lampblack.server.search.schema.UsernameNormalizer},
 * {@link io.lampblack.server.search.schema.HashNormalizer},
 * {@link io.lampblack.server.search.schema.KeywordNormalizer}) are shared by an index's writers and its translator
 * (on Lucene: {@code lucene.schema} and {@code lucene.query}), so a value is turned into terms the same way on both
 * sides by construction.
 *
 * <p>Binary documents: {@link io.lampblack.server.search.schema.BinarySchema} is their catalogue (FileVersionInfo
 * and signature text, sizes, image flags, observed file names, endpoints, facet copies);
 * {@link io.lampblack.server.search.schema.TextTokenizer} splits text fields into words.
 * {@link io.lampblack.server.search.schema.BinaryFields} is the subset a process query may join on.
 */
package io.lampblack.server.search.schema;
