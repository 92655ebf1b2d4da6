package io.lampblack.sensor.telemetry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the sensor's telemetry watches.
 *
 * @param watchedDirectories directories whose file modifications are reported (fanotify as root, inotify otherwise)
 * @param procPollInterval   how often /proc is read when the process connector is not available (at most 200 ms)
 * @param privileged         whether the sensor runs as root (process connector, fanotify), else it sees what its
 *                           user may see
 */
public record TelemetrySettings(List<Path> watchedDirectories, Duration procPollInterval, boolean privileged) {}
