/**
 * Threat intelligence: Carbon Black threat feeds (a {@code feedinfo} and {@code reports[]} with IOCs), watchlists,
 * and what their hits set off.
 *
 * <p>In flow order:
 * <ul>
 *   <li>Feeds: {@link io.lampblack.server.intel.FeedFetcher} fetches a document from its
 *       {@link io.lampblack.server.intel.FeedSource} where and as much as the
 *       {@link io.lampblack.server.intel.FeedFetchPolicy} allows (denied {@link io.lampblack.server.intel.NetworkRange}s,
 *       the server's own ports and files, size and time limits), {@link io.lampblack.server.intel.FeedParser} streams and
 *       validates it into the {@link io.lampblack.server.intel.IocIndex.Builder} of one feed's indicators;
 *       {@link io.lampblack.server.intel.FeedSync} keeps the copy, swaps the index into the
 *       {@link io.lampblack.server.intel.IngressMatcher} and refreshes the {@link io.lampblack.server.intel.ThreatReports}.
 *       Feeds are kept by a {@link io.lampblack.server.intel.FeedStore}; ignored reports by
 *       {@link io.lampblack.server.intel.IgnoredReports}; the searchable reports by a
 *       {@link io.lampblack.server.intel.ReportStore} (on Lucene, {@code lucene.record}).</li>
 *   <li>Ingress hits: {@link io.lampblack.server.intel.IngressHits} matches uploads as they are received and
 *       publishes, tags and alerts.</li>
 *   <li>Watchlists ({@link io.lampblack.server.intel.WatchlistStore}): streamed by
 *       {@link io.lampblack.server.intel.WatchlistStream} as segments are indexed, run periodically (with the feeds'
 *       query indicators) by {@link io.lampblack.server.intel.WatchlistRunner}, reported by
 *       {@link io.lampblack.server.intel.WatchlistHits} and {@link io.lampblack.server.intel.FeedQueryHits}.</li>
 *   <li>Actions: {@link io.lampblack.server.intel.ActionDispatcher} sends hits to syslog and HTTP receivers.</li>
 * </ul>
 * Alerts live in {@code alert}, bans in {@code ban}.
 */
package io.lampblack.server.intel;
