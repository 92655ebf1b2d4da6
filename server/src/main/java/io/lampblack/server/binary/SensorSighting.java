package io.lampblack.server.binary;

/** The sensor a binary was observed on, with the facts its document records about it. */
public record SensorSighting(int sensorId, String hostname, String group, String osType) {

    /** {@code "HOSTNAME|sensor_id"}, the form of the document's {@code endpoint} list. */
    public String endpoint() {
        return hostname + "|" + sensorId;
    }
}
