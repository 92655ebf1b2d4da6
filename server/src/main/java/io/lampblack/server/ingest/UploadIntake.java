package io.lampblack.server.ingest;

import io.lampblack.protocol.DecodeLimits;
import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogTooLargeException;
import io.lampblack.protocol.MalformedEventLogException;
import io.lampblack.server.problem.Problem.Kind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of ingest: validates an event-log upload completely, recognises re-sent uploads, and makes it
 * durable in the journal before the caller answers 200. A malformed upload is rejected whole and nothing of it is
 * journaled.
 */
public final class UploadIntake {

    private static final Logger LOG = LoggerFactory.getLogger(UploadIntake.class);
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** What the sensor is told. */
    public record Accepted(int events, boolean duplicate, long serverTime) {}

    private final Journal<UploadInTransit> journal;
    private final UploadRegistry uploads;
    private final SensorContexts sensors;
    private final IngestRoute route;
    private final StageTimer journalWait;
    private final int maxDecompressed;
    private final int maxEvents;
    private final IntakeFilter filter;

    /**
     * @param route                the hooks that see each upload as it is received
     * @param maxDecompressedBytes largest upload after decompression; decoding stops past it
     * @param maxEvents            most events in one upload; decoding stops past it
     */
    public UploadIntake(
            Journal<UploadInTransit> journal,
            UploadRegistry uploads,
            SensorContexts sensors,
            IngestRoute route,
            long maxDecompressedBytes,
            int maxEvents) {
        this(journal, uploads, sensors, route, maxDecompressedBytes, maxEvents, IntakeFilter.NONE);
    }

    /** @param filter drops events of new uploads before they are journaled (ingress filters, group collection) */
    public UploadIntake(
            Journal<UploadInTransit> journal,
            UploadRegistry uploads,
            SensorContexts sensors,
            IngestRoute route,
            long maxDecompressedBytes,
            int maxEvents,
            IntakeFilter filter) {
        this.filter = filter;
        this.journal = journal;
        this.uploads = uploads;
        this.sensors = sensors;
        this.route = route;
        this.journalWait = route.timer("journaled", "fsync-wait");
        this.maxDecompressed = (int) Math.min(Integer.MAX_VALUE - 16, maxDecompressedBytes);
        this.maxEvents = maxEvents;
    }

    /**
     * Decodes, validates and journals one upload.
     *
     * @param heap told of the heap the decoded upload takes, step by step as it is decoded; whatever it throws to
     *             refuse (an unchecked {@link io.lampblack.server.problem.Problem}) stops decoding and is passed on
     */
    public Accepted accept(int sensorId, String uploadId, byte[] body, DecodeLimits.HeapReservation heap)
            throws UploadRejected, InterruptedException {
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
            throw new UploadRejected(
                    Kind.INVALID, "bad_upload_id", "upload_id must be 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
        DecodedEventLog log;
        try {
            log = EventLogReader.decodeStrict(body, new DecodeLimits(maxDecompressed, maxEvents, heap));
        } catch (EventLogTooLargeException e) {
            throw new UploadRejected(Kind.TOO_LARGE, "upload_too_large", e.getMessage());
        } catch (MalformedEventLogException e) {
            throw new UploadRejected(Kind.INVALID, "malformed_upload", e.getMessage());
        }
        // Filtered at most once per request (a claim lost to a failed first attempt loops), and its drops counted
        // only once the upload is journaled: an attempt the journal fails, sent again, is not counted twice.
        IntakeFilter.Kept kept = null;
        while (true) {
            UploadRegistry.Claim claim = uploads.claim(sensorId, uploadId);
            if (claim instanceof UploadRegistry.Duplicate d) {
                try {
                    if (d.accepted().get()) return new Accepted(log.size(), true, 0);
                } catch (ExecutionException e) {
                    // the first attempt failed; claim again as new
                }
                continue;
            }
            UploadRegistry.Fresh fresh = (UploadRegistry.Fresh) claim;
            if (kept == null) {
                try {
                    kept = filter.filter(sensorId, log);
                } catch (RuntimeException e) {
                    // A failing filter must neither refuse the upload nor leave its claim unsettled: keep it whole.
                    LOG.warn(
                            "upload {} of sensor {}: intake filter failed, kept whole: {}",
                            uploadId,
                            sensorId,
                            e.toString());
                    kept = IntakeFilter.Kept.whole(log);
                }
            }
            Runnable countDrops = once(kept.onJournaled());
            ReceivedUpload upload = new ReceivedUpload(sensors.of(sensorId), uploadId, kept.log());
            List<IngestRoute.FollowUp> followUps = route.received(upload);
            long appendStart = System.nanoTime();
            CompletableFuture<JournalRecord> appended;
            try {
                appended =
                        journal.append(sensorId, uploadId, kept.log().framed(), new UploadInTransit(upload, followUps));
            } catch (InterruptedException | RuntimeException e) {
                uploads.settle(sensorId, uploadId, fresh, false); // never reached the journal
                throw e;
            }
            // Settled by the journal's outcome, not by this request: if the request is interrupted after the append
            // was queued, the upload may still become durable, and a retry must then be recognised.
            appended.whenComplete((rec, err) -> {
                if (err == null) countDrops.run();
                uploads.settle(sensorId, uploadId, fresh, err == null);
            });
            try {
                JournalRecord rec = appended.get();
                journalWait.since(appendStart);
                countDrops.run(); // before the answer, not only when the journal's callbacks get to it
                // The sensor is told what it sent, dropped events included: they were received, and are not to be
                // sent again.
                return new Accepted(log.size(), false, rec.serverTime());
            } catch (ExecutionException e) {
                // The cause (a disk error, a closing journal) is the operator's business, not the sensor's.
                LOG.warn(
                        "upload {} of sensor {} could not be made durable: {}",
                        uploadId,
                        sensorId,
                        e.getCause().toString());
                throw new UploadRejected(
                        Kind.UNAVAILABLE,
                        "journal_unavailable",
                        "the upload could not be made durable; send it again later");
            }
        }
    }

    private static Runnable once(Runnable r) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) r.run();
        };
    }
}
