package io.lampblack.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An upload with its packaging removed: the framed stream plus where each zip entry's part begins and ends.
 * Entries are kept apart because framing must restart at each entry; a partial record at the end of one entry
 * must not swallow the start of the next.
 */
record PlainEventLog(EventLogFormat format, byte[] bytes, List<Part> parts) {

    /** One independently framed part of {@link #bytes}: a zip entry, or the whole stream. */
    record Part(String name, int start, int end) {
        String describe() {
            return name.isEmpty() ? "" : " in entry '" + name + "'";
        }
    }

    static PlainEventLog unpack(byte[] body, DecodeLimits limits)
            throws MalformedEventLogException, EventLogTooLargeException {
        int maxDecompressedBytes = limits.maxDecodedBytes();
        EventLogFormat format = EventLogFormat.detect(body);
        try {
            return switch (format) {
                case PLAIN -> {
                    if (body.length > maxDecompressedBytes) {
                        throw new EventLogTooLargeException(
                                maxDecompressedBytes, "Event log of " + body.length + " bytes");
                    }
                    yield new PlainEventLog(format, body, List.of(new Part("", 0, body.length)));
                }
                case GZIP -> gunzip(body, maxDecompressedBytes, limits.heap());
                case ZIP -> unzip(body, maxDecompressedBytes, limits.heap());
            };
        } catch (IOException e) {
            throw new MalformedEventLogException("Corrupt " + format + " event log: " + e.getMessage(), e);
        }
    }

    private static PlainEventLog gunzip(byte[] body, int max, DecodeLimits.HeapReservation heap)
            throws IOException, EventLogTooLargeException {
        // The gzip trailer holds the size mod 2^32: a good first guess for the buffer, never trusted as a bound.
        int n = body.length;
        int hint = n >= 4
                ? (body[n - 4] & 0xFF)
                        | (body[n - 3] & 0xFF) << 8
                        | (body[n - 2] & 0xFF) << 16
                        | (body[n - 1] & 0xFF) << 24
                : 0;
        // A forged trailer must not make a 30-byte request allocate the whole limit: deflate rarely beats 1:20 on
        // event logs, and the buffer grows if it does.
        long plausible = Math.min(Math.min((long) n * 20, 1L << 20), max);
        BoundedBuffer out = new BoundedBuffer(max, (int) (hint <= 0 ? plausible : Math.min(hint, plausible)), heap);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
            out.readFully(in, "Gzip event log");
        }
        byte[] bytes = out.toArray();
        return new PlainEventLog(EventLogFormat.GZIP, bytes, List.of(new Part("", 0, bytes.length)));
    }

    private static PlainEventLog unzip(byte[] body, int max, DecodeLimits.HeapReservation heap)
            throws IOException, EventLogTooLargeException {
        BoundedBuffer out =
                new BoundedBuffer(max, (int) Math.min(Math.min((long) body.length * 4, 1L << 20), max), heap);
        List<Part> parts = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(body))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                int start = out.size();
                out.readFully(in, "Zip event log");
                parts.add(new Part(entry.getName(), start, out.size()));
            }
        }
        return new PlainEventLog(EventLogFormat.ZIP, out.toArray(), parts);
    }
}
