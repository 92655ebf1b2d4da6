package io.lampblack.server.api;

import io.lampblack.server.administration.DiskUsage;
import io.lampblack.server.api.wire.DashboardStatistics;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.search.PartitionInfo;
import io.lampblack.server.search.SensorScope;
import io.lampblack.server.search.StoragePartitions;
import io.lampblack.server.sensor.Sensor;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/dashboard/statistics} (cbapi's {@code dashboard_statistics()}): figures measured when asked.
 * Any user may read it; the sensor and alert counts are of the sensors and alerts the caller may see (their groups'),
 * and only a global administrator gets {@code storage} (the server's disk and partitions).
 */
public final class DashboardApi {

    private final DiskUsage disk;
    private final StoragePartitions partitions;
    private final Supplier<List<Sensor>> sensors;
    private final BiFunction<String, SensorScope, Long> alertCount;
    private final Function<Sensor, String> status;
    private final CallerScope scope;

    /**
     * @param alertCount how many alerts of the sensors in scope match a query
     * @param status     a sensor's status as the sensor API shows it ("Online", "Offline", "Uninstalled")
     * @param scope      what each caller may see
     */
    public DashboardApi(
            DiskUsage disk,
            StoragePartitions partitions,
            Supplier<List<Sensor>> sensors,
            BiFunction<String, SensorScope, Long> alertCount,
            Function<Sensor, String> status,
            CallerScope scope) {
        this.disk = disk;
        this.partitions = partitions;
        this.sensors = sensors;
        this.alertCount = alertCount;
        this.status = status;
        this.scope = scope;
    }

    public void register(Router r) {
        r.route("GET", "/api/v1/dashboard/statistics", Router.Access.READ, ex -> ex.json(200, statistics(ex.caller())));
    }

    DashboardStatistics statistics(Caller caller) throws java.io.IOException {
        SensorScope visible = scope.sensors(caller);
        return new DashboardStatistics(
                caller.globalAdmin() ? storage() : null,
                sensorCounts(visible),
                new DashboardStatistics.Alerts(
                        alertCount.apply("", visible), alertCount.apply("status:Unresolved", visible)));
    }

    private DashboardStatistics.Storage storage() throws java.io.IOException {
        DiskUsage.Usage u = disk.measure();
        List<DashboardStatistics.Partition> parts =
                partitions.list().stream().map(DashboardApi::partition).toList();
        return new DashboardStatistics.Storage(u.fileSystemBytes(), u.freeBytes(), u.dataBytes(), u.parts(), parts);
    }

    private DashboardStatistics.Sensors sensorCounts(SensorScope visible) {
        List<Sensor> all =
                sensors.get().stream().filter(s -> visible.includes(s.id())).toList();
        int online =
                (int) all.stream().filter(s -> "Online".equals(status.apply(s))).count();
        int isolated =
                (int) all.stream().filter(Sensor::networkIsolationEnabled).count();
        return new DashboardStatistics.Sensors(all.size(), online, all.size() - online, isolated);
    }

    private static DashboardStatistics.Partition partition(PartitionInfo p) {
        return new DashboardStatistics.Partition(
                p.name(),
                p.status(),
                p.sizeInBytes(),
                p.numDocs(),
                Instant.ofEpochMilli(p.startMillis()).toString(),
                p.endMillis().map(m -> Instant.ofEpochMilli(m).toString()).orElse(null));
    }
}
