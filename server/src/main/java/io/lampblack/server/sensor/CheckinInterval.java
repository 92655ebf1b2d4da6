package io.lampblack.server.sensor;

/** How often a sensor is told to check in, in seconds (per group once groups carry the setting). */
@FunctionalInterface
public interface CheckinInterval {

    int seconds(int sensorId);

    static CheckinInterval fixed(int seconds) {
        return sensorId -> seconds;
    }
}
