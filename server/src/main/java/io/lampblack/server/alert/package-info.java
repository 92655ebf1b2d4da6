/**
 * Alerts: what watchlist and feed hits raise for an analyst to triage (reference rest_api.md §4.11, §5.11). They
 * live in a {@link io.lampblack.server.search.RecordIndex} under {@code DATA/index/alerts}, searched with the query
 * language, and each new one is announced on the bus as {@code alert.<alert_type>}.
 */
package io.lampblack.server.alert;
