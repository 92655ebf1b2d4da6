/**
 * Sensors as the server knows them: registration, authentication, groups and pending actions.
 *
 * <p>In: host facts from a registering sensor ({@link io.lampblack.server.sensor.HostFacts}), the id and secret
 * every later sensor call presents, check-ins with acknowledged action ids, and actions queued for a sensor.
 * Out: the registered {@link io.lampblack.server.sensor.Sensor} and its one-time secret (only its SHA-256 is
 * stored), the authenticated sensor or nothing, the actions waiting for its next check-in, and the hostname, group
 * name and OS that ingest stamps on every segment. Persistence goes through the
 * {@link io.lampblack.server.sensor.SensorStore} role; its JDBC implementation lives in {@code store}.
 * {@link io.lampblack.server.sensor.RegistrationToken} decides who may register at all.
 */
package io.lampblack.server.sensor;
