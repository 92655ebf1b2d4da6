package io.lampblack.server.ingest;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogTooLargeException;
import io.lampblack.protocol.MalformedEventLogException;
import io.lampblack.server.problem.Problem.Kind;

import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * The front door of ingest: validates an event-log upload completely, recognises re-sent uploads, and makes it
 * durable in the journal before the caller answers 200. A malformed upload is rejected whole and nothing of it is
 * journaled.
 */
public final class UploadIntake {

    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** What the sensor is told. */
    public record Accepted(int events, boolean duplicate, long serverTime) {
    }

    private final Journal journal;
    private final UploadRegistry uploads;
    private final int maxDecompressed;

    /** Told of each new (not duplicate) upload as it is received, before it is journaled. */
    @FunctionalInterface
    public interface ReceiptListener {
        void received(int sensorId, DecodedEventLog log);
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UploadIntake.class);
    private volatile ReceiptListener received = (sensorId, log) -> { };

    /** Sets who hears of uploads as they are received (the ingress feed matcher); must be quick and not block. */
    public UploadIntake onReceived(ReceiptListener listener) {
        this.received = listener;
        return this;
    }

    public UploadIntake(Journal journal, UploadRegistry uploads, long maxDecompressedBytes) {
        this.journal = journal;
        this.uploads = uploads;
        this.maxDecompressed = (int) Math.min(Integer.MAX_VALUE - 16, maxDecompressedBytes);
    }

    public Accepted accept(int sensorId, String uploadId, byte[] body) throws UploadRejected, InterruptedException {
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
            throw new UploadRejected(Kind.INVALID, "bad_upload_id", "upload_id must be 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
        DecodedEventLog log;
        try {
            log = EventLogReader.decodeStrict(body, maxDecompressed);
        } catch (EventLogTooLargeException e) {
            throw new UploadRejected(Kind.TOO_LARGE, "upload_too_large", e.getMessage());
        } catch (MalformedEventLogException e) {
            throw new UploadRejected(Kind.INVALID, "malformed_upload", e.getMessage());
        }
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
            try {
                received.received(sensorId, log);
            } catch (RuntimeException e) {
                // A listener's failure must not refuse an upload.
                LOG.warn("upload {} of sensor {}: receipt not announced: {}", uploadId, sensorId, e.toString());
            }
            java.util.concurrent.CompletableFuture<JournalRecord> appended;
            try {
                appended = journal.append(sensorId, uploadId, log.framed(), log);
            } catch (InterruptedException | RuntimeException e) {
                uploads.settle(sensorId, uploadId, fresh, false); // never reached the journal
                throw e;
            }
            // Settled by the journal's outcome, not by this request: if the request is interrupted after the append
            // was queued, the upload may still become durable, and a retry must then be recognised.
            appended.whenComplete((rec, err) -> uploads.settle(sensorId, uploadId, fresh, err == null));
            try {
                JournalRecord rec = appended.get();
                return new Accepted(log.size(), false, rec.serverTime());
            } catch (ExecutionException e) {
                throw new UploadRejected(Kind.UNAVAILABLE, "journal_unavailable", "the upload could not be made durable: "
                        + e.getCause().getMessage());
            }
        }
    }
}
