/**
 * Alerts: what watchlist and feed hits raise for an analyst to triage (reference rest_api.md §4.11, §5.11). They
 * are kept through the {@link io.lampblack.server.alert.AlertStore} role (on Lucene, {@code lucene.record}, under
 * {@code DATA/index/alerts}), searched with the query language into {@link io.lampblack.server.search.RecordPage}s,
 * and each new one is announced on the bus as {@code alert.<alert_type>}.
 */
package io.lampblack.server.alert;
