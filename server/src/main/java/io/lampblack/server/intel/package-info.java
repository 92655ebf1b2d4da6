/**
 * Threat intelligence: Carbon Black threat feeds (a {@code feedinfo} and {@code reports[]} with IOCs), read and
 * validated as they are fetched ({@link io.lampblack.server.intel.FeedParser}). Matching, watchlists, alerts and
 * banning build on this (issue 5).
 */
package io.lampblack.server.intel;
