package io.lampblack.server.liveresponse;

import java.time.Duration;

/**
 * How live response is bounded (the settings behind them are in {@code config.ServerSettings}).
 *
 * @param maxSessions     sessions pending or active at once, across all sensors
 * @param sensorWait      how long a pending session waits for its sensor once the sensor was told of it (at a
 *                        check-in or by its poll) before it times out ({@code sensor_wait_timeout})
 * @param sessionTimeout  how long an open session stays open without a client's command, read or keepalive
 *                        ({@code session_timeout})
 * @param checkinTimeout  how long a pending session waits for a sensor that has not checked in since it was opened
 *                        ({@code check_in_timeout})
 * @param storageTtl      how long a session's files are kept after it ended ({@code storage_ttl})
 * @param maxFileBytes    largest file one upload (analyst's or sensor's) may store
 * @param maxStorageBytes all live-response files together, at most
 * @param maxCommandWait  longest a {@code ?wait=true} read of a command blocks
 * @param maxPollWait     longest a sensor's poll is held
 */
public record LiveResponseLimits(
        int maxSessions,
        Duration sensorWait,
        Duration sessionTimeout,
        Duration checkinTimeout,
        Duration storageTtl,
        long maxFileBytes,
        long maxStorageBytes,
        Duration maxCommandWait,
        Duration maxPollWait) {

    public static LiveResponseLimits defaults() {
        return new LiveResponseLimits(
                10,
                Duration.ofSeconds(120),
                Duration.ofSeconds(300),
                Duration.ofSeconds(1200),
                Duration.ofDays(7),
                8L << 30,
                64L << 30,
                Duration.ofSeconds(120),
                Duration.ofSeconds(60));
    }
}
