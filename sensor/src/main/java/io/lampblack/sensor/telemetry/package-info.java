/**
 * The Linux sensor's telemetry: what happens on this machine (processes from the kernel's process connector or /proc,
 * network connections, module loads, file modifications, module info), encoded as Carbon Black's {@code CbEventMsg}.
 */
package io.lampblack.sensor.telemetry;
