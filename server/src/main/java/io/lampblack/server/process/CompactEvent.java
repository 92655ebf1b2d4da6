package io.lampblack.server.process;

/**
 * Copies a serialized {@code CbEventMsg} without the header fields that only repeat what its segment already says
 * about the process: process_guid (5), process_create_time (9), process_pid (10), process_md5 (11) and
 * process_path (12). Sensors repeat those in every event header; dropping them shrinks the stored events by about
 * a third, which is less to compress at ingest and less to keep. Works on the wire bytes (no re-encoding); an event
 * whose bytes do not look as expected is copied unchanged.
 */
final class CompactEvent {

    private static final int HEADER_TAG = (1 << 3) | 2;

    private CompactEvent() {}

    private static boolean dropped(int field) {
        return field == 5 || field == 9 || field == 10 || field == 11 || field == 12;
    }

    /**
     * Writes {@code [uint32 LE length][compacted event]} into {@code dst} at {@code at} (which must have room for
     * {@code length + 4} bytes) and returns the number of bytes written.
     */
    static int write(byte[] src, int offset, int length, byte[] dst, int at) {
        int end = offset + length;
        int p = offset;
        if (length < 2 || (src[p] & 0xff) != HEADER_TAG) return verbatim(src, offset, length, dst, at);
        p++;
        long headerLength = 0;
        int shift = 0;
        while (true) {
            if (p >= end || shift > 28) return verbatim(src, offset, length, dst, at);
            int b = src[p++] & 0xff;
            headerLength |= (long) (b & 0x7f) << shift;
            if (b < 0x80) break;
            shift += 7;
        }
        int headerStart = p;
        int headerEnd = (int) Math.min(end, headerStart + headerLength);
        if (headerStart + headerLength > end) return verbatim(src, offset, length, dst, at);
        // Write the kept header fields after room for the largest possible prefix, then fix up the front.
        int body = at + 4 + 1 + 5;
        int w = body;
        int q = headerStart;
        while (q < headerEnd) {
            int fieldStart = q;
            long tag = 0;
            shift = 0;
            while (true) {
                if (q >= headerEnd || shift > 28) return verbatim(src, offset, length, dst, at);
                int b = src[q++] & 0xff;
                tag |= (long) (b & 0x7f) << shift;
                if (b < 0x80) break;
                shift += 7;
            }
            int wireType = (int) (tag & 7);
            switch (wireType) {
                case 0 -> {
                    while (true) {
                        if (q >= headerEnd) return verbatim(src, offset, length, dst, at);
                        if ((src[q++] & 0x80) == 0) break;
                    }
                }
                case 1 -> q += 8;
                case 5 -> q += 4;
                case 2 -> {
                    long n = 0;
                    shift = 0;
                    while (true) {
                        if (q >= headerEnd || shift > 28) return verbatim(src, offset, length, dst, at);
                        int b = src[q++] & 0xff;
                        n |= (long) (b & 0x7f) << shift;
                        if (b < 0x80) break;
                        shift += 7;
                    }
                    q += (int) n;
                }
                default -> {
                    return verbatim(src, offset, length, dst, at);
                }
            }
            if (q > headerEnd) return verbatim(src, offset, length, dst, at);
            if (!dropped((int) (tag >>> 3))) {
                System.arraycopy(src, fieldStart, dst, w, q - fieldStart);
                w += q - fieldStart;
            }
        }
        int keptHeader = w - body;
        int rest = end - headerEnd;
        System.arraycopy(src, headerEnd, dst, w, rest);
        w += rest;
        // Front: [LE length][0x0A][varint keptHeader], moved to sit right before the body.
        int varintSize = varintSize(keptHeader);
        int prefixStart = body - 1 - varintSize;
        dst[prefixStart] = (byte) HEADER_TAG;
        int v = keptHeader;
        int i = prefixStart + 1;
        while (v >= 0x80) {
            dst[i++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        dst[i] = (byte) v;
        int messageLength = w - prefixStart;
        if (prefixStart != at + 4) System.arraycopy(dst, prefixStart, dst, at + 4, messageLength);
        putLength(dst, at, messageLength);
        return 4 + messageLength;
    }

    private static int verbatim(byte[] src, int offset, int length, byte[] dst, int at) {
        putLength(dst, at, length);
        System.arraycopy(src, offset, dst, at + 4, length);
        return 4 + length;
    }

    private static void putLength(byte[] dst, int at, int length) {
        dst[at] = (byte) length;
        dst[at + 1] = (byte) (length >>> 8);
        dst[at + 2] = (byte) (length >>> 16);
        dst[at + 3] = (byte) (length >>> 24);
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) n++;
        return n;
    }
}
