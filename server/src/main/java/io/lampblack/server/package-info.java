/**
 * The server: {@link io.lampblack.server.LampblackServer} composes it feature by feature in flow order (the
 * assemblies in {@code assembly}) and lays out which feature hooks into which stage of the ingest route.
 *
 * <p>In: the validated {@link io.lampblack.server.config.ServerSettings} (from {@code ./lampblack server}) and a
 * clock. Out: a running server (HTTPS listener for the REST API and the sensor protocol, ingest journal and
 * pipeline, process index, metadata database, the embedded AMQP broker unless an external bus is configured) plus
 * {@code server-info.json} in the data directory with the URL, the bootstrap admin token and the bus URL. Closing it
 * stops the parts in reverse order of their start.
 *
 * <p>Flow: {@code api} (sensor protocol) → {@code ingest} (intake, journal, pipeline: see
 * {@link io.lampblack.server.ingest.IngestRoute}) → {@code process} (segments) → {@code search} (index) → {@code api}
 * (REST). Hooked into the route: {@code intel} (feed hits as uploads are received, watchlists as segments are
 * indexed, raising {@code alert}s), {@code bus} (raw export), {@code binary} (the binary catalog) and {@code ban}
 * (block counts). {@code sensor}, {@code auth}, {@code tag} and {@code store} serve the edges; {@code docs/architecture.md}
 * has the whole picture; {@code problem} is the vocabulary of failures they all share, which {@code api} alone
 * maps to HTTP; {@code json} is the one JSON mapper they all write and read with.
 */
package io.lampblack.server;
