/**
 * Replays captured Carbon Black data into a server as if the original sensors sent it.
 *
 * <p>In: rawsensordata zips (with their saved AMQP headers), bare length-prefixed event streams, and directories of
 * single-event {@code .protobuf} files. Out: one {@link io.lampblack.sensor.replay.ReplaySource} per corpus sensor
 * (sensor id and hostname) with its uploads in order, and, after {@link io.lampblack.sensor.replay.Replay} has
 * registered a new sensor for each and uploaded everything, the mapping from corpus sensor to the id the server
 * assigned (process GUIDs start with the new id).
 */
package io.lampblack.sensor.replay;
