/**
 * The HTTPS edge: the Carbon Black REST API and Lampblack's sensor protocol.
 *
 * <p>In: HTTP requests on one HTTPS listener ({@link io.lampblack.server.api.HttpsServer}, with the operator's or a
 * self-signed certificate). {@link io.lampblack.server.api.Router} matches the route, authenticates REST routes by
 * API token or the web console's session cookie (with its CSRF token on changes; sensor routes check the sensor's id
 * and secret in their handler), authorizes, and runs the handler:
 * sensor registration, check-in, event-log upload (into {@code ingest}) and binary-file upload (into the binary
 * store) ({@link io.lampblack.server.api.SensorProtocolApi}), process search, summaries, segments and events
 * ({@link io.lampblack.server.api.ProcessApi}), binary search, summaries, icons and file downloads
 * ({@link io.lampblack.server.api.BinaryApi}), server info and partitions ({@link io.lampblack.server.api.InfoApi}),
 * the console's login ({@link io.lampblack.server.api.ConsoleLoginApi}) and files
 * ({@link io.lampblack.server.api.ConsoleFilesApi}). Every answer carries the
 * {@link io.lampblack.server.api.SecurityHeaders}.
 *
 * <p>Out: JSON answers in Carbon Black's shapes (reference rest_api.md; the documents are records in
 * {@code api.wire}), raw events rendered as the per-version
 * {@code *_complete} arrays, binary files as zips of {@code filedata} and {@code metadata}, audit entries for mutating calls, and every failure as the one JSON error shape
 * {@code {"reason": ..., "message": ...}} with its HTTP status.
 *
 * <p>Errors: handlers do not catch to translate. The domain packages say what went wrong with exceptions that are a
 * {@link io.lampblack.server.problem.Problem} (a kind, a reason word, a message); this package's own refusals
 * (tokens, rights, routes, bodies, path parameters) are {@link io.lampblack.server.api.ApiException}s with a status.
 * The router hands every failure to {@link io.lampblack.server.api.ErrorMapper}, the one place that chooses statuses;
 * anything else is a 500 {@code internal_error} whose body carries only an error id, the same id the log has with
 * the stack trace.
 */
package io.lampblack.server.api;
