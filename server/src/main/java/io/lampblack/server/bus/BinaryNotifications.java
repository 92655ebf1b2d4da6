package io.lampblack.server.bus;

import io.lampblack.server.binary.BinaryObservations;
import io.lampblack.server.binary.SensorSighting;
import io.lampblack.server.binary.StoredBinary;

import java.time.Instant;
import java.util.Map;

/**
 * The binary catalog's and store's observations as Carbon Black's {@code binaryinfo.*} and
 * {@code binarystore.file.added} notifications (cb.conf {@code EnableSolrBinaryInfoNotifications}). Scores and
 * watchlists are empty until feeds and watchlists exist; they will be filled in here from the tag store.
 */
public final class BinaryNotifications implements BinaryObservations {

    private final BusPublisher publisher;

    public BinaryNotifications(BusPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void firstSeen(String md5, Instant when) {
        publisher.publish(NotificationCatalog.binaryObserved(md5, Map.of(), Map.of(), when));
    }

    @Override
    public void firstSeenOnSensor(String md5, SensorSighting sensor, Instant when) {
        publisher.publish(NotificationCatalog.binaryHostObserved(md5, sensor.hostname(), sensor.sensorId(), Map.of(),
                Map.of(), when));
    }

    @Override
    public void firstSeenInGroup(String md5, String group, Instant when) {
        publisher.publish(NotificationCatalog.binaryGroupObserved(md5, group, Map.of(), Map.of(), when));
    }

    @Override
    public void fileAdded(StoredBinary file) {
        publisher.publish(NotificationCatalog.binaryFileAdded(file.md5(), file.size(), file.compressedSize(),
                file.path().toString(), file.stored()));
    }
}
