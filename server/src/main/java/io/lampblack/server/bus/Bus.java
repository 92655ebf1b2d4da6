package io.lampblack.server.bus;

import io.lampblack.protocol.EventKind;
import io.lampblack.server.binary.BinaryObservations;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.tag.TagStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus as the server sees it: the publisher chosen by the settings and the ingest hook that feeds it.
 * {@code --bus amqp://...} selects an external broker; otherwise the embedded broker's URL, once it exists, is
 * handed in as {@code embeddedUrl}; with neither there is no publisher and nothing is encoded.
 */
public final class Bus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Bus.class);

    /**
     * Uploads waiting for raw export, at most, and their bytes: a few seconds of full-speed ingest. Beyond that export
     * is shedding anyway, and shedding whole uploads before encoding them costs nothing.
     */
    private static final int EXPORT_QUEUE_UPLOADS = 256;

    private static final long EXPORT_QUEUE_BYTES = 64L << 20;

    private final BusPublisher publisher;
    private final RawExporter exporter;
    private final BinaryObservations binaries;

    private Bus(BusPublisher publisher, RawExporter exporter, BinaryObservations binaries) {
        this.publisher = publisher;
        this.exporter = exporter;
        this.binaries = binaries;
    }

    /**
     * What is published and how.
     *
     * @param externalUrl             {@code --bus}: an external broker's AMQP URL; empty = the embedded broker
     * @param bufferMessages          messages buffered or awaiting confirmation, at most
     * @param bufferBytes             their bytes, at most
     * @param broadcastEventTypes     raw event types exported one per message (cb.conf's tokens, or {@code *})
     * @param rawSensorDataBroadcast  whole uploads as zips on {@code api.rawsensordata}
     * @param rawSensorDataZipLevel   their deflate level (0 = stored)
     * @param binaryInfoNotifications {@code binaryinfo.*} and {@code binarystore.file.added}
     */
    public record Settings(
            String externalUrl,
            int bufferMessages,
            long bufferBytes,
            String broadcastEventTypes,
            boolean rawSensorDataBroadcast,
            int rawSensorDataZipLevel,
            boolean binaryInfoNotifications) {}

    public static Bus open(Settings settings, Optional<String> embeddedUrl, TagStore tags) {
        String configured = settings.externalUrl();
        Set<EventKind> kinds = BroadcastEventTypes.parse(settings.broadcastEventTypes());
        Optional<String> url = configured.isBlank() ? embeddedUrl : Optional.of(configured);
        if (url.isEmpty()) {
            if (!kinds.isEmpty() || settings.rawSensorDataBroadcast()) {
                LOG.warn("bus: raw event export is configured but no bus is (set --bus); nothing will be published");
            }
            return new Bus(BusPublisher.NONE, null, BinaryObservations.NONE);
        }
        BusPublisher publisher = AmqpBusPublisher.start(
                AmqpAddress.parse(url.get()),
                AmqpBusPublisher.Options.withCapacity(settings.bufferMessages(), settings.bufferBytes()));
        List<RawExporter.Export> exports = new ArrayList<>();
        if (!kinds.isEmpty()) exports.add(new RawEventExport(publisher, kinds));
        if (settings.rawSensorDataBroadcast()) {
            exports.add(new RawSensorDataExport(publisher, settings.rawSensorDataZipLevel()));
        }
        BinaryObservations binaries =
                settings.binaryInfoNotifications() ? new BinaryNotifications(publisher, tags) : BinaryObservations.NONE;
        RawExporter exporter = exports.isEmpty()
                ? null
                : new RawExporter(publisher, exports, EXPORT_QUEUE_UPLOADS, EXPORT_QUEUE_BYTES);
        return new Bus(publisher, exporter, binaries);
    }

    public BusPublisher publisher() {
        return publisher;
    }

    /** Raw-event export, the hook on the ingest route's journaled stage; empty when nothing is exported. */
    public Optional<IngestRoute.OnJournaled> rawExport() {
        return Optional.ofNullable(exporter);
    }

    /** What the binary catalog and store report ({@code binaryinfo.*}, {@code binarystore.file.added}). */
    public BinaryObservations binaryObservations() {
        return binaries;
    }

    @Override
    public void close() {
        // The exporter first: what it still holds goes to the publisher, which then delivers what it can.
        if (exporter != null) exporter.close();
        publisher.close();
    }
}
