/**
 * The Carbon Black query language.
 *
 * <p>In: the {@code q} string and the {@code cb.q.*}/{@code cb.fq.*} parameters of a search
 * request ({@link io.lampblack.server.search.query.SearchParameters},
 * {@link io.lampblack.server.search.query.RequestParameters}), and a field catalogue of
 * {@code search.schema}. Out: a plain AST ({@link io.lampblack.server.search.query.QueryNode})
 * that later stages can inspect (comprehensive search rewrites its leaves into per-process sets)
 * and an index translates (on Lucene: {@code lucene.query}); the clauses in query syntax for
 * envelopes and messages ({@link io.lampblack.server.search.query.QueryTerms},
 * {@link io.lampblack.server.search.query.Clauses}); and the meaning of date values, absolute
 * and relative to the server clock ({@link io.lampblack.server.search.query.DateValues}).
 *
 * <p>Every malformed query, and every clause on a field that is known but not supported yet,
 * ends in a {@link io.lampblack.server.search.query.QuerySyntaxException}: an invalid request, reason
 * {@code query_malformed_syntax}, with a message for the person who typed the query.
 */
package io.lampblack.server.search.query;
