/**
 * The query language on Lucene: a {@link io.lampblack.server.search.query.QueryNode} tree in, a Lucene
 * {@link org.apache.lucene.search.Query} out.
 *
 * <p>{@link io.lampblack.server.lucene.query.QueryTranslator} translates each leaf by the rules of its field's kind
 * in the catalogue ({@code search.schema}), with the normaliser the writers of {@code lucene.schema} use; an
 * unfielded leaf is an OR over the default fields. Sub-path clauses go through a
 * {@link io.lampblack.server.lucene.query.PathResolver} (the process index's path vocabulary); clauses on fields the
 * documents do not hold go to a {@link io.lampblack.server.lucene.query.DynamicFieldResolver}: tags through
 * {@link io.lampblack.server.lucene.query.TagFieldResolver} (the tag store's keys as a filter), binary joins through
 * {@code lucene.binary.BinaryJoinResolver}. User text never reaches Lucene's classic query parser: its escaping
 * rules differ from Carbon Black's, where backslashes in paths are literal.
 *
 * <p>A clause that cannot be translated ends in a {@link io.lampblack.server.search.query.QuerySyntaxException}
 * (reason {@code query_malformed_syntax}).
 */
package io.lampblack.server.lucene.query;
