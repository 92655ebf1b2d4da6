package io.lampblack.server.alert;

/**
 * What an alert is about: a process on a sensor, or a binary (then the process fields are empty and
 * {@code sensorId} is 0 when no one sensor is meant).
 *
 * @param processId the process GUID, or empty for a binary alert
 * @param segmentId the segment holding the hit (0 when unknown)
 */
public record AlertSubject(
        int sensorId,
        String hostname,
        String group,
        String osType,
        String processId,
        long segmentId,
        String processName,
        String processPath,
        String md5,
        String username) {

    public boolean isProcess() {
        return !processId.isEmpty();
    }
}
