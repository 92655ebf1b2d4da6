package io.lampblack.server.sensor;

/** A sensor group; every sensor belongs to one and every segment carries its name. */
public record SensorGroup(int id, String name, int siteId, int alertCriticality) {}
