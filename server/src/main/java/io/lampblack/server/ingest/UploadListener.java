package io.lampblack.server.ingest;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.process.SensorContext;

import java.util.List;

/**
 * Something besides the process index that learns from every upload (the binary catalog, the bus's raw exports;
 * later the ingress IOC matcher). The pipeline calls {@link #arrived} from the journal's writer thread as soon as an
 * upload is durable, before it is indexed, and {@link #indexed} from its indexing threads right after the upload's
 * segments are added to the index. Both must be quick and must not block; heavy work belongs on the listener's own
 * threads.
 *
 * <p>Exactly-once contract: before the process index commits a journal position, the pipeline calls
 * {@link #makeDurable()}; when it returns, everything passed to {@link #indexed} so far must survive a crash.
 * Uploads after the committed position are replayed after a crash and passed to {@link #indexed} again, so what a
 * listener records must be idempotent.
 */
public interface UploadListener {

    UploadListener NONE = new UploadListener() {
        @Override
        public void indexed(SensorContext sensor, long serverTime, DecodedEventLog log, List<ProcessSegment> segments) {
        }
    };

    /**
     * One upload, durable in the journal and about to be indexed. Not called for uploads replayed from the journal
     * after a restart: they arrived before it. Must not throw.
     *
     * @param serverTime the upload's server receipt time (epoch ms)
     */
    default void arrived(SensorContext sensor, long serverTime, DecodedEventLog log) {
    }

    /**
     * One upload, indexed. Must not throw: a listener's failure must not fail an upload the index already holds.
     *
     * @param serverTime the upload's server receipt time (epoch ms)
     * @param segments   the segments it became (process metadata already filled in)
     */
    void indexed(SensorContext sensor, long serverTime, DecodedEventLog log, List<ProcessSegment> segments);

    /** Makes everything received so far durable; called before each index commit. */
    default void makeDurable() {
    }

    /** Makes everything received so far searchable now (normally it happens within the listener's own interval). */
    default void makeSearchable() {
    }
}
