package io.lampblack.server.api;

import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.sensor.SensorProtocol.SensorConfig;
import io.lampblack.server.group.CollectFlag;
import io.lampblack.server.group.GroupConfig;
import io.lampblack.server.json.Json;
import io.lampblack.server.sensor.SensorRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code config} a check-in hands a sensor: its group's settings in the sensor protocol's words, with a version
 * that changes only when they do. Made once per group and setting, not at every check-in.
 */
final class SensorConfigs {

    private record Made(GroupConfig from, int serverCheckinSeconds, SensorConfig config) {}

    private final Map<Integer, Made> made = new ConcurrentHashMap<>();

    SensorConfig of(GroupConfig g, int serverCheckinSeconds) {
        Made m = made.get(g.id());
        if (m == null || !m.from().equals(g) || m.serverCheckinSeconds() != serverCheckinSeconds) {
            m = new Made(g, serverCheckinSeconds, make(g, serverCheckinSeconds));
            made.put(g.id(), m);
        }
        return m.config();
    }

    private static SensorConfig make(GroupConfig g, int serverCheckinSeconds) {
        Map<String, Boolean> collect = new LinkedHashMap<>();
        for (CollectFlag f : CollectFlag.values()) collect.put(f.field(), g.collects(f));
        List<String> kinds = CollectFlag.collectedKinds(g.collect()).stream()
                .map(EventKind::name)
                .toList();
        int interval = g.checkinIntervalSeconds() > 0 ? g.checkinIntervalSeconds() : serverCheckinSeconds;
        SensorConfig unversioned =
                new SensorConfig("", g.id(), collect, kinds, interval, g.banningEnabled(), g.isolationExclusions());
        String version;
        try {
            version = SensorRegistry.sha256(Json.MAPPER.writeValueAsString(unversioned))
                    .substring(0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new SensorConfig(
                version,
                unversioned.groupId(),
                collect,
                kinds,
                interval,
                unversioned.banningEnabled(),
                unversioned.isolationExclusions());
    }
}
