/**
 * The Lampblack sensor for Linux ({@code ./lampblack sensor}): registration, check-ins and their actions, the on-disk
 * spool of event logs and their upload, binaries on request; it runs the telemetry and live response.
 */
package io.lampblack.sensor.agent;
