package io.lampblack.server.process;

/** The sensor facts stamped on every segment of an upload. */
public record SensorContext(int sensorId, String hostname, String groupName, String osType, String hostType) {}
