package io.lampblack.protocol;

/**
 * Fixed-width hex encoding and decoding shared by the identifier and hash helpers. Hand-rolled because
 * GUIDs and hashes are rendered for every ingested event, where {@code String.format} is far too slow.
 */
final class HexDigits {
    private static final char[] LOWER = "0123456789abcdef".toCharArray();
    private static final char[] UPPER = "0123456789ABCDEF".toCharArray();

    private HexDigits() {}

    /** Writes the low {@code digits * 4} bits of {@code value} as lowercase hex into {@code out} at {@code at}. */
    static void putLower(char[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = LOWER[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    static char digit(int nibble, boolean upper) {
        return (upper ? UPPER : LOWER)[nibble & 0xF];
    }

    /** Value of one hex digit (either case), or -1 so callers can report the offending position. */
    static int value(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Parses {@code s[from, from+digits)} as unsigned hex (at most 16 digits).
     *
     * @param what names the field in the exception so callers need not re-wrap it
     */
    static long parse(String s, int from, int digits, String what) {
        long v = 0;
        for (int i = from; i < from + digits; i++) {
            int d = value(s.charAt(i));
            if (d < 0) {
                throw new IllegalArgumentException(
                        "Bad " + what + " '" + s + "': '" + s.charAt(i) + "' at index " + i + " is not a hex digit");
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
