package io.lampblack.protocol;

/**
 * How an event-log upload body is packaged. Detected from magic bytes rather than HTTP headers because sensors
 * and the {@code api.rawsensordata} capture disagree on content types.
 */
public enum EventLogFormat {
    /** A bare stream of {@code [uint32 LE length][CbEventMsg]} records (the legacy bundle form). */
    PLAIN,
    /** The plain stream gzip-compressed (one or more concatenated members). */
    GZIP,
    /** A zip archive whose entries each hold one plain stream; what Carbon Black publishes on api.rawsensordata. */
    ZIP;

    /**
     * Detects the packaging. A plain stream is never mistaken for the others in practice: it would need a first
     * record of at least 559,903 bytes to start with the gzip magic {@code 1f 8b 08}, or of 67 MB for {@code PK\3\4}.
     * An empty zip ({@code PK\5\6}, end-of-directory only) counts as a zip.
     */
    public static EventLogFormat detect(byte[] body) {
        if (body.length >= 3 && (body[0] & 0xFF) == 0x1F && (body[1] & 0xFF) == 0x8B && body[2] == 8) {
            return GZIP;
        }
        if (body.length >= 4
                && body[0] == 'P'
                && body[1] == 'K'
                && ((body[2] == 3 && body[3] == 4) || (body[2] == 5 && body[3] == 6))) {
            return ZIP;
        }
        return PLAIN;
    }
}
