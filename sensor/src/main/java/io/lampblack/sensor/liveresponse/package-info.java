/**
 * The sensor's side of live response (docs/sensor-protocol.md §7): the long poll, and the executor of the command
 * catalogue on this machine.
 */
package io.lampblack.sensor.liveresponse;
