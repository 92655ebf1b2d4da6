package io.lampblack.server.bus;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.ingest.JournaledUpload;
import io.lampblack.server.process.SensorContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw data export as uploads arrive (reference §1.5 and §1.7): the pipeline announces each upload once it is
 * durable and before it is indexed; this stage encodes it on a thread of its own, so that neither the journal writer
 * nor the indexing threads pay for the encoding.
 *
 * <p>Its queue is bounded by uploads and by bytes. When export falls this far behind, whole uploads are shed here,
 * before any work is spent on them, and counted as shed by the publisher; otherwise the publisher's own buffer sheds
 * single messages. Either way ingest never waits for the bus.
 *
 * <p>Uploads replayed from the journal after a restart are not exported again: they were exported when they
 * arrived (at most once; what the publisher still buffered at a crash is lost with it).
 */
public final class RawExporter implements IngestRoute.OnJournaled, IngestRoute.Queued, AutoCloseable {

    /** One kind of raw export: per-event protobufs, or one zip per upload. */
    interface Export {
        /** How many messages {@link #export} would publish for this upload (what shedding it costs). */
        int messages(DecodedEventLog log);

        void export(SensorContext sensor, long serverTime, DecodedEventLog log);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RawExporter.class);

    private record Arrival(SensorContext sensor, long serverTime, DecodedEventLog log) {}

    private final BusPublisher publisher;
    private final List<Export> exports;
    private final ExportQueue<Arrival> queue;

    /**
     * @param maxUploads uploads waiting to be encoded, at most
     * @param maxBytes   their framed bytes, at most (the uploads are in memory anyway until indexed, but export may
     *                   lag behind indexing)
     */
    RawExporter(BusPublisher publisher, List<Export> exports, int maxUploads, long maxBytes) {
        this.publisher = publisher;
        this.exports = List.copyOf(exports);
        this.queue = new ExportQueue<>(
                "bus-export", maxUploads, maxBytes, a -> a.log.framed().length, this::export, () -> {});
    }

    @Override
    public void journaled(JournaledUpload upload) {
        arrived(upload.sensor(), upload.serverTime(), upload.log());
    }

    @Override
    public String queueName() {
        return "bus-export";
    }

    @Override
    public int queued() {
        return queue.size();
    }

    /** An upload to export; shed whole (and counted) when export is too far behind. */
    void arrived(SensorContext sensor, long serverTime, DecodedEventLog log) {
        if (!queue.offer(new Arrival(sensor, serverTime, log))) {
            long n = 0;
            for (Export e : exports) n += e.messages(log);
            publisher.shed(n);
        }
    }

    private void export(Arrival a) {
        for (Export e : exports) {
            try {
                e.export(a.sensor, a.serverTime, a.log);
            } catch (RuntimeException ex) {
                // One upload that cannot be encoded must not stop export of the next ones.
                LOG.warn("raw export of an upload of sensor {} failed: {}", a.sensor.sensorId(), ex.toString());
                publisher.shed(e.messages(a.log));
            }
        }
    }

    /** Encodes what is queued (handing it to the publisher, which is closed after this), then stops. */
    @Override
    public void close() {
        queue.close();
    }
}
