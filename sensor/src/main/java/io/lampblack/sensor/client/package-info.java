/**
 * The sensor side of Lampblack's sensor protocol v1 over HTTPS, shared by the replay tool, the simulator and the
 * Linux sensor.
 *
 * <p>In: a server URL, an HTTP client (trusting the server's PEM certificate, or anything for local development
 * tools), host facts to register, acknowledged action ids, and event-log bodies (plain, gzip or zip) with a
 * sensor-chosen upload id. Out: the sensor's identity (id and secret) after registration, the actions to carry out
 * from each check-in, the server's answer to each upload, and every non-2xx answer as an exception carrying the
 * HTTP status and the server's reason.
 */
package io.lampblack.sensor.client;
