/**
 * JSON for every package: the one configured mapper ({@link io.lampblack.server.json.Json#MAPPER}), and
 * {@link io.lampblack.server.json.RawJson} for values that are JSON already (stored process documents), which it
 * writes through as bytes.
 *
 * <p>In: nothing of the server; this package imports only Jackson, so any package may use it without creating a
 * cycle. Out: JSON written the way the contracts need it (declaration order, explicit nulls, plain decimals) and
 * bodies read leniently (unknown keys ignored).
 */
package io.lampblack.server.json;
