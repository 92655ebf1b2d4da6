package io.lampblack.server.ingest;

import io.lampblack.protocol.DecodedEventLog;

/**
 * The step of stage 1 that decides which events of a new upload are kept at all (ingress filters, the kinds a
 * sensor's group collects): what it drops is never journaled, so never indexed, published or matched. Runs on the
 * request thread once per new upload (not for re-sends); must not block.
 */
@FunctionalInterface
public interface IntakeFilter {

    /**
     * The upload as it is to be journaled: {@code log} itself when nothing is dropped. What was dropped is counted at
     * once (use {@link #filter} to count only once the upload is journaled).
     */
    default DecodedEventLog keep(int sensorId, DecodedEventLog log) {
        Kept k = filter(sensorId, log);
        k.onJournaled().run();
        return k.log();
    }

    /**
     * The upload as it is to be journaled, with what to run once it is (count what was dropped), so that an attempt
     * the journal fails, and the sensor sends again, is not counted twice.
     */
    Kept filter(int sensorId, DecodedEventLog log);

    /** A filtered upload and the counting of its drops, to run once it is journaled. */
    record Kept(DecodedEventLog log, Runnable onJournaled) {

        public static Kept whole(DecodedEventLog log) {
            return new Kept(log, () -> {});
        }
    }

    IntakeFilter NONE = (sensorId, log) -> Kept.whole(log);
}
