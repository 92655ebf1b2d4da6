/**
 * Threat intelligence: Carbon Black threat feeds (a {@code feedinfo} and {@code reports[]} with IOCs).
 *
 * <p>In flow order: {@link io.lampblack.server.intel.FeedFetcher} fetches a feed document from its
 * {@link io.lampblack.server.intel.FeedSource}, {@link io.lampblack.server.intel.FeedParser} streams and validates
 * it, handing each {@link io.lampblack.server.intel.FeedReport} to a sink, such as the
 * {@link io.lampblack.server.intel.IocIndex.Builder} that packs one feed's indicators;
 * {@link io.lampblack.server.intel.IngressMatcher} checks arriving events against every loaded feed's index.
 * Feeds themselves are kept by a {@link io.lampblack.server.intel.FeedStore}. Synchronisation, report search,
 * watchlists, alerts and banning build on this (issue 5).
 */
package io.lampblack.server.intel;
