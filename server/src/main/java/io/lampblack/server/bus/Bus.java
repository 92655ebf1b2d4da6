package io.lampblack.server.bus;

import io.lampblack.protocol.EventKind;
import io.lampblack.server.binary.BinaryObservations;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.ingest.CompositeUploadListener;
import io.lampblack.server.ingest.UploadListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bus as the server sees it: the publisher chosen by the settings and the ingest listeners that feed it.
 * {@code --bus amqp://...} selects an external broker; otherwise the embedded broker's URL, once it exists, is
 * handed in as {@code embeddedUrl}; with neither there is no publisher and nothing is encoded.
 */
public final class Bus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Bus.class);

    private final BusPublisher publisher;
    private final UploadListener uploads;
    private final BinaryObservations binaries;

    private Bus(BusPublisher publisher, UploadListener uploads, BinaryObservations binaries) {
        this.publisher = publisher;
        this.uploads = uploads;
        this.binaries = binaries;
    }

    public static Bus open(ServerSettings settings, Optional<String> embeddedUrl) {
        String configured = settings.get(ServerSettings.BUS);
        Set<EventKind> kinds = BroadcastEventTypes.parse(settings.get(ServerSettings.BROADCAST_EVENT_TYPES));
        Optional<String> url = configured.isBlank() ? embeddedUrl : Optional.of(configured);
        if (url.isEmpty()) {
            if (!kinds.isEmpty() || settings.get(ServerSettings.RAW_SENSOR_DATA_BROADCAST)) {
                LOG.warn("bus: raw event export is configured but no bus is (set --bus); nothing will be published");
            }
            return new Bus(BusPublisher.NONE, UploadListener.NONE, BinaryObservations.NONE);
        }
        BusPublisher publisher = AmqpBusPublisher.start(AmqpAddress.parse(url.get()),
                AmqpBusPublisher.Options.withCapacity(settings.get(ServerSettings.BUS_BUFFER),
                        settings.get(ServerSettings.BUS_BUFFER_BYTES)));
        List<UploadListener> listeners = new ArrayList<>();
        if (!kinds.isEmpty()) listeners.add(new RawEventExport(publisher, kinds));
        if (settings.get(ServerSettings.RAW_SENSOR_DATA_BROADCAST)) listeners.add(new RawSensorDataExport(publisher));
        BinaryObservations binaries = settings.get(ServerSettings.BINARY_INFO_NOTIFICATIONS)
                ? new BinaryNotifications(publisher) : BinaryObservations.NONE;
        return new Bus(publisher, CompositeUploadListener.of(listeners), binaries);
    }

    public BusPublisher publisher() {
        return publisher;
    }

    /** What the ingest pipeline tells of each indexed upload (raw exports), {@link UploadListener#NONE} if nothing. */
    public UploadListener uploadListener() {
        return uploads;
    }

    /** What the binary catalog and store report ({@code binaryinfo.*}, {@code binarystore.file.added}). */
    public BinaryObservations binaryObservations() {
        return binaries;
    }

    @Override
    public void close() {
        publisher.close();
    }
}
