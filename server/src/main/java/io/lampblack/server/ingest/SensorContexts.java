package io.lampblack.server.ingest;

import io.lampblack.server.process.SensorContext;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorRegistry;

/** The sensor facts stamped on an upload's segments (hostname, group, OS), looked up in the sensor registry. */
public final class SensorContexts {

    private final SensorRegistry sensors;

    public SensorContexts(SensorRegistry sensors) {
        this.sensors = sensors;
    }

    /** The sensor's facts as they are now; an unknown sensor (deleted since) gets empty ones. */
    public SensorContext of(int sensorId) {
        Sensor s = sensors.sensor(sensorId).orElse(null);
        if (s == null) return new SensorContext(sensorId, "", "", "windows", "workstation");
        return new SensorContext(sensorId, s.hostname(), sensors.groupName(s.groupId()), s.osType(), s.hostType());
    }
}
