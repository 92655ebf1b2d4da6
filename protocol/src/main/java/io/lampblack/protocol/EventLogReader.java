package io.lampblack.protocol;

import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads event-log uploads: streams of {@code [uint32 little-endian length][CbEventMsg bytes]} records, possibly
 * gzip- or zip-packaged (see {@link EventLogFormat}).
 *
 * <p>Two policies. The server ingests with {@link #decodeStrict}, which accepts an upload only if every record is a
 * complete CbEventMsg, so that a sensor bug is rejected with a precise reason instead of silently losing events.
 * Tools that inspect captured data use {@link #lenient}, which behaves like the Carbon Black event forwarder:
 * skip records that do not decode, stop at the first length that overruns the data.
 */
public final class EventLogReader {

    private static final Parser<CbEventMsg> PARSER = CbEventMsg.parser();
    private static final ExtensionRegistryLite NO_EXTENSIONS = ExtensionRegistryLite.getEmptyRegistry();

    private EventLogReader() {}

    /**
     * Estimated heap of one parsed record beyond its encoded bytes: the CbEventMsg (a few dozen fields) and its
     * header objects, its {@link RecordSpan}, and its slots in the lists here and in {@link DecodedEventLog}. Measured
     * (heap after GC, compressed oops, JDK 25): 264 bytes per minimal {@code CbEventMsg{header{version:4}}} record
     * beyond its framed bytes, rounded up for the lists' transient copies while decoding.
     */
    public static final int HEAP_PER_EVENT = 300;

    /**
     * Estimated heap per encoded byte of a parsed record, beyond {@link #HEAP_PER_EVENT}: strings and bytes are copied
     * out of the buffer into objects of their own, and sub-messages add objects. Measured on the corpus's real
     * records (bundleone: 716 events of 276 bytes on average took 1,047 bytes each with their framed bytes, that is
     * 1.9 bytes per encoded byte beyond the fixed part).
     */
    public static final int HEAP_PER_RECORD_BYTE = 2;

    /** Heap is reserved from {@link DecodeLimits#heap()} in steps of this much, not once per record. */
    private static final int RESERVATION_STEP = 256 * 1024;

    /**
     * Unpacks and validates a whole upload, with only a bound on decompressed bytes (trusted data: tools, tests).
     *
     * @see #decodeStrict(byte[], DecodeLimits)
     */
    public static DecodedEventLog decodeStrict(byte[] body, int maxDecompressedBytes)
            throws MalformedEventLogException, EventLogTooLargeException {
        return decodeStrict(body, DecodeLimits.bytes(maxDecompressedBytes));
    }

    /**
     * Unpacks and validates a whole upload, stopping as soon as a limit is crossed.
     *
     * @throws EventLogTooLargeException  if the plain stream would exceed {@link DecodeLimits#maxDecodedBytes()} or
     *                                    hold more than {@link DecodeLimits#maxEvents()} records
     * @throws MalformedEventLogException on a corrupt container, bad framing, or a record that is not a complete
     *                                    CbEventMsg (including a missing header or header.version)
     * @throws RuntimeException           whatever {@link DecodeLimits#heap()} throws to refuse a reservation
     */
    public static DecodedEventLog decodeStrict(byte[] body, DecodeLimits limits)
            throws MalformedEventLogException, EventLogTooLargeException {
        PlainEventLog plain = PlainEventLog.unpack(body, limits);
        byte[] bytes = plain.bytes();
        // Records are at least ~20 bytes in practice; presizing avoids regrowth on the hot path.
        int expected = Math.min(limits.maxEvents(), Math.max(4, bytes.length / 200));
        List<RecordSpan> spans = new ArrayList<>(expected);
        List<CbEventMsg> events = new ArrayList<>(expected);
        long reserved = 0;
        long used = 0;
        for (PlainEventLog.Part part : plain.parts()) {
            int pos = part.start();
            while (pos < part.end()) {
                int index = events.size();
                int remaining = part.end() - pos;
                if (remaining < EventLogWriter.PREFIX_BYTES) {
                    throw malformed(index, pos, part, remaining + " trailing bytes, too short for a length prefix");
                }
                int length = readLength(bytes, pos);
                if (length <= 0) {
                    throw malformed(
                            index,
                            pos,
                            part,
                            "length " + Integer.toUnsignedString(length) + " is "
                                    + (length == 0 ? "zero" : "over 2 GiB"));
                }
                int offset = pos + EventLogWriter.PREFIX_BYTES;
                if (length > part.end() - offset) {
                    throw malformed(
                            index,
                            pos,
                            part,
                            "length " + length + " overruns the data (" + (part.end() - offset) + " bytes left)");
                }
                if (index >= limits.maxEvents()) {
                    throw EventLogTooLargeException.tooManyEvents(limits.maxEvents());
                }
                used += HEAP_PER_EVENT + (long) HEAP_PER_RECORD_BYTE * length;
                if (used > reserved) {
                    // Before parsing: a refused reservation leaves this record unallocated.
                    long step = Math.max(RESERVATION_STEP, used - reserved);
                    limits.heap().reserve(step);
                    reserved += step;
                }
                try {
                    events.add(PARSER.parseFrom(bytes, offset, length, NO_EXTENSIONS));
                } catch (InvalidProtocolBufferException e) {
                    throw new MalformedEventLogException(
                            describe(index, pos, part) + " is not a valid CbEventMsg: " + e.getMessage(), e);
                }
                spans.add(new RecordSpan(offset, length));
                pos = offset + length;
            }
        }
        return new DecodedEventLog(plain.format(), bytes, spans, events);
    }

    /** Unpacks an upload (any {@link EventLogFormat}) without validating its records. */
    public static byte[] unpack(byte[] body, int maxDecompressedBytes)
            throws MalformedEventLogException, EventLogTooLargeException {
        return PlainEventLog.unpack(body, DecodeLimits.bytes(maxDecompressedBytes))
                .bytes();
    }

    /**
     * Every decodable event of an upload, forwarder style: each zip entry is read with {@link #lenient(byte[], int, int)}.
     * Container problems (corrupt zip, size limit) still throw, since there is nothing to salvage.
     */
    public static List<CbEventMsg> decodeLenient(byte[] body, int maxDecompressedBytes)
            throws MalformedEventLogException, EventLogTooLargeException {
        PlainEventLog plain = PlainEventLog.unpack(body, DecodeLimits.bytes(maxDecompressedBytes));
        List<CbEventMsg> events = new ArrayList<>();
        for (PlainEventLog.Part part : plain.parts()) {
            lenient(plain.bytes(), part.start(), part.end()).forEach(events::add);
        }
        return events;
    }

    /** Lenient iteration over a whole plain stream. */
    public static Iterable<CbEventMsg> lenient(byte[] framed) {
        return lenient(framed, 0, framed.length);
    }

    /**
     * Lenient iteration over {@code framed[from, to)}: undecodable records are skipped, iteration ends at a length
     * that overruns the data or when fewer than five bytes remain (the forwarder's {@code offset+4 < total}).
     */
    public static Iterable<CbEventMsg> lenient(byte[] framed, int from, int to) {
        if (from < 0 || to > framed.length || from > to) {
            throw new IndexOutOfBoundsException("Range [" + from + ", " + to + ") of " + framed.length + " bytes");
        }
        return () -> new LenientIterator(framed, from, to);
    }

    static int readLength(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static MalformedEventLogException malformed(int index, int pos, PlainEventLog.Part part, String why) {
        return new MalformedEventLogException(describe(index, pos, part) + ": " + why);
    }

    private static String describe(int index, int pos, PlainEventLog.Part part) {
        return "Record " + index + " at byte offset " + pos + part.describe();
    }

    private static final class LenientIterator implements Iterator<CbEventMsg> {
        private final byte[] bytes;
        private final int end;
        private int pos;
        private CbEventMsg next;

        LenientIterator(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.pos = from;
            this.end = to;
        }

        @Override
        public boolean hasNext() {
            while (next == null && pos + EventLogWriter.PREFIX_BYTES < end) {
                int length = readLength(bytes, pos);
                int offset = pos + EventLogWriter.PREFIX_BYTES;
                if (length < 0 || length > end - offset) {
                    pos = end;
                    break;
                }
                pos = offset + length;
                try {
                    next = PARSER.parseFrom(bytes, offset, length, NO_EXTENSIONS);
                } catch (InvalidProtocolBufferException skipped) {
                    // Skipped on purpose: tools want whatever can be salvaged, as the forwarder does.
                }
            }
            return next != null;
        }

        @Override
        public CbEventMsg next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            CbEventMsg result = next;
            next = null;
            return result;
        }
    }
}
