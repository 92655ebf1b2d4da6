/**
 * The server assembled: {@link io.lampblack.server.LampblackServer} wires the packages together in flow order.
 *
 * <p>In: the validated {@link io.lampblack.server.config.ServerSettings} (from {@code ./lampblack server}) and a
 * clock. Out: a running server (HTTPS listener for the REST API and the sensor protocol, ingest journal and
 * pipeline, process index, metadata database, the embedded AMQP broker unless an external bus is configured) plus
 * {@code server-info.json} in the data directory with the URL, the bootstrap admin token and the bus URL. Closing it stops the parts in reverse order of their start.
 *
 * <p>Flow: {@code api} (sensor protocol) → {@code ingest} (journal, then pipeline) → {@code process} (segments) →
 * {@code search} (index) → {@code api} (REST). Beside the pipeline, as upload listeners: {@code binary} (the binary
 * catalog), {@code bus} (raw export and notifications), {@code intel} (feed and watchlist matching, which raises
 * {@code alert}s) and {@code ban} (block counts). {@code sensor}, {@code auth}, {@code tag} and {@code store} serve
 * the edges; {@code problem} is the vocabulary of failures they all share, which {@code api} alone maps to HTTP.
 */
package io.lampblack.server;
