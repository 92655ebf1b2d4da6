package io.lampblack.server.sensor;

import java.time.Instant;
import java.util.Optional;

/**
 * A registered sensor as the server knows it.
 *
 * @param networkIsolationEnabled what an administrator asked for; {@code isolating} is what the sensor confirmed
 * @param restartQueued           a restart asked for and not yet confirmed by the sensor
 * @param uninstall               an uninstall asked for; {@code uninstalled} once the sensor confirmed it
 * @param eventLogFlushTime       the flush the sensor last confirmed
 * @param healthMessage           the last failure the sensor reported for an action; empty after a success
 * @param facts                   what the sensor last reported about its host
 */
public record Sensor(
        int id,
        int groupId,
        String hostname,
        String computerDnsName,
        String osType,
        String hostType,
        String osEnvironment,
        String networkAdapters,
        String buildVersion,
        String secretSha256,
        Instant registrationTime,
        Optional<Instant> lastCheckinTime,
        boolean networkIsolationEnabled,
        boolean restartQueued,
        boolean uninstall,
        String notes,
        boolean isolating,
        boolean uninstalled,
        Optional<Instant> eventLogFlushTime,
        String healthMessage,
        SensorFacts facts) {

    /** Carbon Black's numeric os_type: 1 Windows, 2 OSX, 3 Linux. */
    public int osTypeCode() {
        return switch (osType) {
            case "osx" -> 2;
            case "linux" -> 3;
            default -> 1;
        };
    }

    /** The sensor after a check-in at {@code now} with these facts. */
    public Sensor checkedIn(Instant now, SensorFacts newFacts) {
        return new Sensor(
                id,
                groupId,
                hostname,
                computerDnsName,
                osType,
                hostType,
                osEnvironment,
                networkAdapters,
                buildVersion,
                secretSha256,
                registrationTime,
                Optional.of(now),
                networkIsolationEnabled,
                restartQueued,
                uninstall,
                notes,
                isolating,
                uninstalled,
                eventLogFlushTime,
                healthMessage,
                newFacts);
    }

    /** The states an administrator asks for (PUT), and the group and notes. */
    public Sensor requested(int group, boolean isolation, boolean restart, boolean uninstallAsked, String newNotes) {
        return new Sensor(
                id,
                group,
                hostname,
                computerDnsName,
                osType,
                hostType,
                osEnvironment,
                networkAdapters,
                buildVersion,
                secretSha256,
                registrationTime,
                lastCheckinTime,
                isolation,
                restart,
                uninstallAsked,
                newNotes,
                isolating,
                uninstalled,
                eventLogFlushTime,
                healthMessage,
                facts);
    }

    /** The states the sensor confirmed, and what it reported about its last action. */
    public Sensor confirmed(
            boolean isolation,
            boolean isolatingNow,
            boolean restart,
            boolean uninstalledNow,
            Optional<Instant> flushTime,
            String message) {
        return new Sensor(
                id,
                groupId,
                hostname,
                computerDnsName,
                osType,
                hostType,
                osEnvironment,
                networkAdapters,
                buildVersion,
                secretSha256,
                registrationTime,
                lastCheckinTime,
                isolation,
                restart,
                uninstall,
                notes,
                isolatingNow,
                uninstalledNow,
                flushTime,
                message,
                facts);
    }
}
