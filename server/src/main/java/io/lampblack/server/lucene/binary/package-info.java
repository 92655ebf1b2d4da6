/**
 * The binary catalog's index on Lucene.
 *
 * <p>In: batches of {@link io.lampblack.server.binary.BinaryDelta}s from the catalog's flush, commits, look-ups by
 * MD5, binary searches (the query language over {@link io.lampblack.server.search.schema.BinarySchema}) and the
 * binary clauses of process-search joins. Out: one document per MD5
 * ({@link io.lampblack.server.lucene.binary.BinaryDocument}: the schema's fields, the stored JSON and icon) in
 * {@link io.lampblack.server.lucene.binary.LuceneBinaryIndex} (the {@link io.lampblack.server.binary.BinaryIndex}
 * role); pages of binaries with facets and highlights from
 * {@link io.lampblack.server.lucene.binary.LuceneBinarySearch} (the {@link io.lampblack.server.binary.BinarySearch}
 * role), and the documents a set of tag-store keys names; and, from
 * {@link io.lampblack.server.lucene.binary.BinaryJoinResolver}, a binary-join clause of a process query as a term
 * set on the process field it joins on.
 */
package io.lampblack.server.lucene.binary;
