package io.lampblack.server.liveresponse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A session as clients see it at one moment.
 *
 * @param storageBytes the bytes its files hold
 */
public record SessionView(
        long id,
        LiveSensors.LiveSensor sensor,
        SessionStatus status,
        List<String> supportedCommands,
        List<String> drives,
        String currentWorkingDirectory,
        Duration sessionTimeout,
        Duration sensorWaitTimeout,
        Duration checkinTimeout,
        long storageBytes,
        Duration storageTtl,
        Instant created) {}
