package io.lampblack.server.liveresponse;

import java.util.Optional;

/** What live response needs to know of a sensor: its group (for access), how it shows in a session, its support. */
@FunctionalInterface
public interface LiveSensors {

    /**
     * @param address       the host's first reported address (may be empty)
     * @param osVersion     the OS as the sensor describes it
     * @param supportsCblr  whether the sensor's last reported status said it takes live-response sessions
     */
    record LiveSensor(int id, int groupId, String hostname, String address, String osVersion, boolean supportsCblr) {}

    Optional<LiveSensor> sensor(int sensorId);
}
