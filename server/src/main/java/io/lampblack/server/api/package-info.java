/**
 * The HTTPS edge: the Carbon Black REST API and Lampblack's sensor protocol.
 *
 * <p>In: HTTP requests on one HTTPS listener ({@link io.lampblack.server.api.HttpsServer}, with the operator's or a
 * self-signed certificate). {@link io.lampblack.server.api.Router} matches the route, authenticates REST routes by
 * API token (sensor routes check the sensor's id and secret in their handler), authorizes, and runs the handler:
 * sensor registration, check-in, event-log upload (into {@code ingest}) and binary-file upload (into the binary
 * store) ({@link io.lampblack.server.api.SensorProtocolApi}), process search, summaries, segments and events
 * ({@link io.lampblack.server.api.ProcessApi}), binary search, summaries, icons and file downloads
 * ({@link io.lampblack.server.api.BinaryApi}), server info and partitions ({@link io.lampblack.server.api.InfoApi}).
 *
 * <p>Out: JSON answers in Carbon Black's shapes (reference rest_api.md), raw events rendered as the per-version
 * {@code *_complete} arrays, binary files as zips of {@code filedata} and {@code metadata}, audit entries for mutating calls, and every failure as the one JSON error shape
 * {@code {"reason": ..., "message": ...}} with its HTTP status.
 */
package io.lampblack.server.api;
