package io.lampblack.protocol;

import java.time.Instant;

/**
 * Segment ids: the suffix that splits one process's events into storage segments.
 *
 * <p>In EDR 6.x a segment id is the server time (epoch milliseconds) at which the segment was opened, rendered as
 * 12 hex digits; 5.x used a 1-based counter rendered as 8 hex digits. Raw sensor events carry no segment: the
 * server assigns it at ingest. Segment {@value #WHOLE_PROCESS} is what links use to mean "the whole process".
 */
public final class SegmentId {

    /** Segment id that addresses all segments of a process (the default in 6.x UI links). */
    public static final long WHOLE_PROCESS = 0L;

    /** Largest segment id that fits the 12 hex digits of a 6.x unique id (year 10889 as epoch ms). */
    public static final long MAX = (1L << 48) - 1;

    private SegmentId() {}

    /** The segment id for a segment opened at {@code serverTime}. */
    public static long at(Instant serverTime) {
        return requireValid(serverTime.toEpochMilli());
    }

    /** The time at which a 6.x segment was opened (meaningless for 5.x counters). */
    public static Instant openedAt(long segmentId) {
        return Instant.ofEpochMilli(segmentId);
    }

    /** {@code guid + "-" + 12 lowercase hex digits}, the 49-character 6.x unique id. */
    public static String uniqueId(ProcessGuid guid, long segmentId) {
        return uniqueId(guid.toString(), segmentId);
    }

    /** As {@link #uniqueId(ProcessGuid, long)} for a GUID already in text form (not re-validated). */
    public static String uniqueId(String guid, long segmentId) {
        requireValid(segmentId);
        char[] out = new char[guid.length() + 13];
        guid.getChars(0, guid.length(), out, 0);
        out[guid.length()] = '-';
        HexDigits.putLower(out, guid.length() + 1, segmentId, 12);
        return new String(out);
    }

    /**
     * The segment id of a unique id: 12 hex digits (6.x) or 8 hex digits (5.x). A bare 36-character GUID yields
     * {@link #WHOLE_PROCESS}, since without a suffix the caller is asking for the process, not a segment.
     *
     * @throws IllegalArgumentException if the text is not a GUID with an optional 8/12-digit suffix
     */
    public static long parse(String uniqueId) {
        ProcessGuid.parse(uniqueId); // validates the GUID part and the overall length
        int len = uniqueId.length();
        if (len == ProcessGuid.TEXT_LENGTH) {
            return WHOLE_PROCESS;
        }
        return HexDigits.parse(uniqueId, ProcessGuid.TEXT_LENGTH + 1, len - ProcessGuid.TEXT_LENGTH - 1, "unique id");
    }

    static long requireValid(long segmentId) {
        if (segmentId < 0 || segmentId > MAX) {
            throw new IllegalArgumentException("Segment id " + segmentId + " outside 0.." + MAX);
        }
        return segmentId;
    }
}
