package io.lampblack.server.assembly;

import io.lampblack.server.alert.AlertSeverity;
import io.lampblack.server.alert.Alerts;
import io.lampblack.server.ingest.SensorContexts;
import io.lampblack.server.sensor.SensorRegistry;
import io.lampblack.server.store.JdbcSensorStore;

/** The sensors and their groups: who may upload, and the facts (host, group, OS) stamped on what they send. */
public final class SensorAssembly {

    private final SensorRegistry registry;
    private final SensorContexts contexts;

    public SensorAssembly(ServerContext ctx, StoreAssembly store) {
        registry = new SensorRegistry(new JdbcSensorStore(store.database()), ctx.clock());
        contexts = new SensorContexts(registry);
    }

    public SensorRegistry registry() {
        return registry;
    }

    /** The sensor facts stamped on each upload's segments. */
    public SensorContexts contexts() {
        return contexts;
    }

    /** What alert severity weighs: the sensor's group's {@code alert_criticality} (1..5; 3 when unknown). */
    public Alerts.SensorCriticality criticality() {
        return sensorId -> registry.sensor(sensorId)
                .flatMap(s -> registry.group(s.groupId()))
                .map(g -> (double) g.alertCriticality())
                .orElse(AlertSeverity.DEFAULT_CRITICALITY);
    }
}
