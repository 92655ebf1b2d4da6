package io.lampblack.sensor.telemetry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the sensor's telemetry watches.
 *
 * @param watchedDirectories directories whose file modifications are reported (fanotify as root, inotify otherwise)
 * @param procPollInterval   how often /proc is read when the process connector is not available (at most 200 ms)
 * @param privileged         whether the sensor runs as root (process connector, fanotify), else it sees what its
 *                           user may see
 * @param ownDataDirectory   the sensor's data directory (spool, state): never reported, though under a watched
 *                           directory, as the sensor writes there for every upload
 */
public record TelemetrySettings(
        List<Path> watchedDirectories, Duration procPollInterval, boolean privileged, Optional<Path> ownDataDirectory) {

    /** Settings without a data directory of the sensor's (a telemetry run alone: tests, benchmarks). */
    public TelemetrySettings(List<Path> watchedDirectories, Duration procPollInterval, boolean privileged) {
        this(watchedDirectories, procPollInterval, privileged, Optional.empty());
    }
}
