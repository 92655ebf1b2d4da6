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
 *
 * <p>{@link io.lampblack.server.sensor.SensorControl} carries administrators' requests (isolate, un-isolate, flush,
 * restart, uninstall: a {@link io.lampblack.server.sensor.SensorChange}) to the sensors as actions at their next
 * check-in, and moves the states they are about only when a sensor reports the outcome. Check-ins cost no database
 * access: pending actions and check-in state ({@link io.lampblack.server.sensor.SensorFacts}) are in memory, the
 * actions written through, check-ins written in batches by {@code CheckinLedger}. The interval a sensor is told comes
 * from one {@link io.lampblack.server.sensor.CheckinInterval}.
 */
package io.lampblack.server.sensor;
