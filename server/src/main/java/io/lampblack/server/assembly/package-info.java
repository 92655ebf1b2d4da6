/**
 * The composition root: one assembly per feature, composed in flow order by
 * {@link io.lampblack.server.LampblackServer}.
 *
 * <p>In: each feature's typed {@code Settings} record (read once from
 * {@link io.lampblack.server.config.ServerSettings}), the {@link io.lampblack.server.assembly.ServerContext} (data
 * directory, clock, lifecycle) and the assemblies before it. Out: the feature's parts, started and owned by the
 * {@link io.lampblack.server.assembly.Lifecycle}; what later features use (ports, hooks on the ingest route); and,
 * through {@link io.lampblack.server.assembly.RestRoutes}, its routes on the HTTPS edge.
 *
 * <p>This is the only package that knows every adapter (JDBC stores, Lucene indexes, the AMQP publisher, the
 * embedded broker) and every feature; no other package imports it. A new feature is one more assembly here and one
 * more line in the server.
 */
package io.lampblack.server.assembly;
