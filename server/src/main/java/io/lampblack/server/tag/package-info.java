/**
 * Tags that arrive after a document is indexed: watchlist hits ({@code watchlist_<id>}, valued with the time of the
 * hit) and feed scores ({@code alliance_score_<feed>}), on process segments or whole processes and on binaries.
 *
 * <p>In: tags written by threat intelligence (watchlists and feeds, a later issue) through {@link
 * io.lampblack.server.tag.TagStore}. Out: the documents holding a tag value in a range, for the query translator
 * (so {@code watchlist_4:*} and {@code alliance_score_virustotal:[10 TO *]} search), and the tags of the documents on
 * a result page, for rendering. Segments stay immutable; a new feed can score old data.
 */
package io.lampblack.server.tag;
