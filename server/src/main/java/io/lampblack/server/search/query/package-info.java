/**
 * The Carbon Black query language.
 *
 * <p>In: the {@code q} string and the {@code cb.q.*}/{@code cb.fq.*} parameters of a search
 * request. Out: a plain AST ({@link io.lampblack.server.search.query.QueryNode}) that later
 * stages can inspect (comprehensive search rewrites its leaves into per-process sets), and a
 * Lucene {@link org.apache.lucene.search.Query} built from it by
 * {@link io.lampblack.server.search.query.QueryTranslator} using the field catalogue of
 * {@code search.schema}. User text never reaches Lucene's classic query parser: its escaping
 * rules differ from Carbon Black's, where backslashes in paths are literal.
 *
 * <p>Every malformed query, and every clause on a field that is known but not supported yet,
 * ends in a {@link io.lampblack.server.search.query.QuerySyntaxException}: an invalid request, reason
 * {@code query_malformed_syntax}, with a message for the person who typed the query.
 */
package io.lampblack.server.search.query;
