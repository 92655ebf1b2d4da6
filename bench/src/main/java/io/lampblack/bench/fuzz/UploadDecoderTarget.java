package io.lampblack.bench.fuzz;

import io.lampblack.protocol.DecodeLimits;
import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogTooLargeException;
import io.lampblack.protocol.MalformedEventLogException;

/**
 * Fuzz target: the event-log decoder the server runs on every upload (gzip, zip or bare framing, then protobuf). On
 * any input it must return a decoded log within its limits or throw one of its documented exceptions; anything else
 * (another exception, an error, memory it did not account for) is a finding. Small limits keep each run fast and let
 * the fuzzer reach them.
 */
public final class UploadDecoderTarget {

    static final int MAX_BYTES = 1 << 20;
    static final int MAX_EVENTS = 5_000;

    private UploadDecoderTarget() {}

    /** Jazzer's entry point. */
    public static void fuzzerTestOneInput(byte[] body) {
        long[] reserved = {0};
        DecodeLimits limits = new DecodeLimits(MAX_BYTES, MAX_EVENTS, bytes -> {
            if (bytes <= 0) throw new AssertionError("reservation of " + bytes + " bytes");
            reserved[0] += bytes;
        });
        DecodedEventLog log;
        try {
            log = EventLogReader.decodeStrict(body, limits);
        } catch (MalformedEventLogException | EventLogTooLargeException documented) {
            checkReserved(reserved[0]);
            return;
        }
        checkReserved(reserved[0]);
        if (log.size() > MAX_EVENTS) throw new AssertionError(log.size() + " events decoded past the limit");
        if (log.framed().length > MAX_BYTES) {
            throw new AssertionError(log.framed().length + " bytes decoded past the limit");
        }
        for (int i = 0; i < log.size(); i++) {
            if (log.recordBytes(i).size() != log.records().get(i).length()) throw new AssertionError("record " + i);
        }
    }

    /**
     * What a decoder may reserve is bounded by its limits: the plain buffer (with the buffer's own doubling), and per
     * event its fixed part, twice its bytes, and one reservation step of slack.
     */
    private static void checkReserved(long reserved) {
        long bound = 2L * MAX_BYTES
                + (long) MAX_EVENTS * EventLogReader.HEAP_PER_EVENT
                + (long) EventLogReader.HEAP_PER_RECORD_BYTE * MAX_BYTES
                + (1 << 20);
        if (reserved > bound) throw new AssertionError("reserved " + reserved + " bytes, more than " + bound);
    }
}
