/**
 * The JSON messages and constants of Lampblack's sensor protocol v1 (docs/sensor-protocol.md).
 *
 * <p>In: nothing but Jackson; the server, the sensor client, the simulator and the Linux sensor all depend on this
 * one definition. Out: the protocol version, the endpoint paths and header names, and the request and response
 * records of registration, check-in and event-log upload plus the error shape. Unknown JSON fields are ignored, so
 * either side can add fields within one protocol version without breaking the other.
 */
package io.lampblack.protocol.sensor;
