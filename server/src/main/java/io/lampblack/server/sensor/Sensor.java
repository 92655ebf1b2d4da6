package io.lampblack.server.sensor;

import java.time.Instant;
import java.util.Optional;

/** A registered sensor as the server knows it. */
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
        String notes) {

    /** Carbon Black's numeric os_type: 1 Windows, 2 OSX, 3 Linux. */
    public int osTypeCode() {
        return switch (osType) {
            case "osx" -> 2;
            case "linux" -> 3;
            default -> 1;
        };
    }
}
