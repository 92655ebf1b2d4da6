package io.lampblack.protocol;

import java.util.UUID;

/**
 * Carbon Black process identity: the sensor that saw the process, its pid and its creation time (FILETIME).
 *
 * <p>The 36-character text form ({@code SSSSSSSS-PPPP-PPPP-TTTT-TTTTTTTTTTTT}) is what every consumer (UI links,
 * cbapi, the event forwarder) uses as {@code process_guid}; it is a pure function of the three fields, so the
 * server can derive it from any raw event without a lookup. The layout happens to coincide with a UUID whose high
 * word is sensor:pid and low word the create time, which {@link #mostSignificant()} / {@link #leastSignificant()}
 * expose for compact storage.
 *
 * @param sensorId   sensor id, rendered as unsigned 32-bit
 * @param pid        process id, rendered as unsigned 32-bit (an unknown parent is -1, i.e. {@code ffff-ffff})
 * @param createTime process creation time as Windows FILETIME (100 ns ticks since 1601)
 */
public record ProcessGuid(int sensorId, int pid, long createTime) {

    /** Length of the bare GUID text. */
    public static final int TEXT_LENGTH = 36;

    /** Rebuilds a GUID from its compact two-long form (see {@link #mostSignificant()}). */
    public static ProcessGuid fromBits(long mostSignificant, long leastSignificant) {
        return new ProcessGuid((int) (mostSignificant >>> 32), (int) mostSignificant, leastSignificant);
    }

    public static ProcessGuid fromUuid(UUID uuid) {
        return fromBits(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /**
     * Parses a process GUID, or the GUID part of a unique id ({@code guid-XXXXXXXX} in 5.x or {@code guid-XXXXXXXXXXXX}
     * in 6.x), since consumers pass either form where a process is expected. Use {@link UniqueId#parse} to keep the
     * segment.
     *
     * @throws IllegalArgumentException if the text is not 36, 45 or 49 characters of dash-separated hex
     */
    public static ProcessGuid parse(String text) {
        int len = text.length();
        if (len != TEXT_LENGTH && len != TEXT_LENGTH + 9 && len != TEXT_LENGTH + 13) {
            throw new IllegalArgumentException("Bad process GUID '" + text + "': expected 36 characters"
                    + " (or 45/49 with a segment suffix), got " + len);
        }
        for (int dash : new int[] {8, 13, 18, 23}) {
            requireDash(text, dash);
        }
        if (len > TEXT_LENGTH) {
            requireDash(text, TEXT_LENGTH);
        }
        int sensor = (int) HexDigits.parse(text, 0, 8, "process GUID");
        int pid = (int)
                ((HexDigits.parse(text, 9, 4, "process GUID") << 16) | HexDigits.parse(text, 14, 4, "process GUID"));
        long time =
                (HexDigits.parse(text, 19, 4, "process GUID") << 48) | HexDigits.parse(text, 24, 12, "process GUID");
        return new ProcessGuid(sensor, pid, time);
    }

    private static void requireDash(String text, int at) {
        if (text.charAt(at) != '-') {
            throw new IllegalArgumentException(
                    "Bad process GUID '" + text + "': expected '-' at index " + at + ", got '" + text.charAt(at) + "'");
        }
    }

    /** Sensor id in the high 32 bits, pid in the low 32 bits: the first 16 hex digits of the text form. */
    public long mostSignificant() {
        return ((long) sensorId << 32) | (pid & 0xFFFF_FFFFL);
    }

    /** The create time: the last 16 hex digits of the text form. */
    public long leastSignificant() {
        return createTime;
    }

    /** Same bits and the same text as the GUID, for stores that have a native UUID type. */
    public UUID toUuid() {
        return new UUID(mostSignificant(), leastSignificant());
    }

    /** The 6.x unique id of one segment of this process. */
    public UniqueId segment(long segmentId) {
        return new UniqueId(this, segmentId);
    }

    /** The 36-character lowercase text form. */
    @Override
    public String toString() {
        char[] out = new char[TEXT_LENGTH];
        HexDigits.putLower(out, 0, sensorId, 8);
        out[8] = '-';
        HexDigits.putLower(out, 9, pid >>> 16, 4);
        out[13] = '-';
        HexDigits.putLower(out, 14, pid, 4);
        out[18] = '-';
        HexDigits.putLower(out, 19, createTime >>> 48, 4);
        out[23] = '-';
        HexDigits.putLower(out, 24, createTime, 12);
        return new String(out);
    }
}
