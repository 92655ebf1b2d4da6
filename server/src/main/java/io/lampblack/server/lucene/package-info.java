/**
 * The Lucene adapters: every index the server keeps on local Lucene, implementing the roles the core declares.
 * Only these packages (and the composition root, {@code assembly}) import Lucene or anything under this package.
 *
 * <p>In: the core's ports and values ({@code search}, {@code search.query}, {@code search.schema}, {@code binary},
 * {@code alert}, {@code intel}). Out: their Lucene implementations, by what they store: {@code lucene.process} (one
 * document per process segment, in the time partitions of {@code lucene.partition}), {@code lucene.binary} (one
 * document per MD5), {@code lucene.record} (alerts and threat reports); and what they share: documents written from
 * the field catalogue ({@code lucene.schema}), the query language translated into Lucene queries
 * ({@code lucene.query}), facet counts ({@code lucene.facet}) and, here,
 * {@link io.lampblack.server.lucene.SearcherWork}, work on a leased searcher.
 */
package io.lampblack.server.lucene;
