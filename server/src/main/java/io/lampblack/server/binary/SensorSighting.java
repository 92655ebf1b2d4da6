package io.lampblack.server.binary;

/** The sensor a binary was observed on, with the facts its document records about it. */
public record SensorSighting(int sensorId, String hostname, String group, String osType) {

    /** {@code "HOSTNAME|sensor_id"}, the form of the document's {@code endpoint} list. */
    public String endpoint() {
        return hostname + "|" + sensorId;
    }

    /** The sensor id of an {@code endpoint} value (after its last '|'); -1 for a value of another form. */
    public static long sensorIdOf(String endpoint) {
        int bar = endpoint.lastIndexOf('|');
        if (bar < 0 || bar == endpoint.length() - 1) return -1;
        try {
            return Long.parseLong(endpoint.substring(bar + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
