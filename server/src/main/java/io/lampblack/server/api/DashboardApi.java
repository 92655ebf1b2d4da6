package io.lampblack.server.api;

import io.lampblack.server.administration.DiskUsage;
import io.lampblack.server.api.wire.DashboardStatistics;
import io.lampblack.server.search.PartitionInfo;
import io.lampblack.server.search.StoragePartitions;
import io.lampblack.server.sensor.Sensor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/dashboard/statistics} (cbapi's {@code dashboard_statistics()}): figures measured when asked.
 * Any user may read it; the sensor and alert counts are of the whole server, not of the caller's groups (they are
 * counts, no sensor or alert is shown).
 */
public final class DashboardApi {

    /** A sensor is online when it checked in within this many check-in intervals. */
    static final int ONLINE_INTERVALS = 3;

    private final DiskUsage disk;
    private final StoragePartitions partitions;
    private final Supplier<List<Sensor>> sensors;
    private final Function<String, Long> alertCount;
    private final Duration checkinInterval;
    private final Clock clock;

    /**
     * @param alertCount how many alerts match a query
     */
    public DashboardApi(
            DiskUsage disk,
            StoragePartitions partitions,
            Supplier<List<Sensor>> sensors,
            Function<String, Long> alertCount,
            Duration checkinInterval,
            Clock clock) {
        this.disk = disk;
        this.partitions = partitions;
        this.sensors = sensors;
        this.alertCount = alertCount;
        this.checkinInterval = checkinInterval;
        this.clock = clock;
    }

    public void register(Router r) {
        r.route("GET", "/api/v1/dashboard/statistics", Router.Access.READ, ex -> ex.json(200, statistics()));
    }

    DashboardStatistics statistics() throws java.io.IOException {
        DiskUsage.Usage u = disk.measure();
        List<DashboardStatistics.Partition> parts =
                partitions.list().stream().map(DashboardApi::partition).toList();
        return new DashboardStatistics(
                new DashboardStatistics.Storage(u.fileSystemBytes(), u.freeBytes(), u.dataBytes(), u.parts(), parts),
                sensorCounts(),
                new DashboardStatistics.Alerts(alertCount.apply(""), alertCount.apply("status:Unresolved")));
    }

    private DashboardStatistics.Sensors sensorCounts() {
        List<Sensor> all = sensors.get();
        Instant since = clock.instant().minus(checkinInterval.multipliedBy(ONLINE_INTERVALS));
        int online = (int) all.stream()
                .filter(s -> s.lastCheckinTime().filter(t -> t.isAfter(since)).isPresent())
                .count();
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
