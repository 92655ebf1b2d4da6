package io.lampblack.protocol;

import com.google.protobuf.ByteString;

/**
 * Hex rendering of the hash fields of raw events. Raw md5 fields are normally 16 bytes, but the sensor truncates
 * some at the first zero byte (0, 5, 8 and 12 bytes occur in real data), so every length is rendered as is rather
 * than rejected. {@code CbModuleInfoMsg.md5} is the exception: it already holds 32 ASCII hex characters.
 */
public final class Hashes {

    private Hashes() {}

    public static String hexLower(byte[] bytes) {
        return hex(ByteString.copyFrom(bytes), false);
    }

    public static String hexUpper(byte[] bytes) {
        return hex(ByteString.copyFrom(bytes), true);
    }

    /** Lowercase hex of raw hash bytes (process documents use lowercase). */
    public static String hexLower(ByteString bytes) {
        return hex(bytes, false);
    }

    /** Uppercase hex of raw hash bytes (binary documents and the event forwarder use uppercase). */
    public static String hexUpper(ByteString bytes) {
        return hex(bytes, true);
    }

    /**
     * The md5 of a {@code CbModuleInfoMsg} in lowercase. The field is ASCII hex text; should a sensor ever send raw
     * bytes instead, they are rendered as hex so the result is still a usable key.
     */
    public static String moduleMd5Lower(ByteString md5) {
        return isAsciiHex(md5) ? md5.toStringUtf8().toLowerCase(java.util.Locale.ROOT) : hexLower(md5);
    }

    /** As {@link #moduleMd5Lower} in uppercase. */
    public static String moduleMd5Upper(ByteString md5) {
        return isAsciiHex(md5) ? md5.toStringUtf8().toUpperCase(java.util.Locale.ROOT) : hexUpper(md5);
    }

    /** True for a non-empty field made only of ASCII hex digits. */
    public static boolean isAsciiHex(ByteString bytes) {
        if (bytes.isEmpty()) {
            return false;
        }
        for (int i = 0; i < bytes.size(); i++) {
            if (HexDigits.value((char) (bytes.byteAt(i) & 0xFF)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Raw bytes of a hex string of even length (either case), e.g. to turn a queried md5 back into a raw field.
     *
     * @throws IllegalArgumentException on odd length or a non-hex character
     */
    public static ByteString fromHex(String hex) {
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("Bad hex '" + hex + "': odd length " + hex.length());
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) HexDigits.parse(hex, 2 * i, 2, "hex");
        }
        return ByteString.copyFrom(out);
    }

    private static String hex(ByteString bytes, boolean upper) {
        char[] out = new char[bytes.size() * 2];
        for (int i = 0; i < bytes.size(); i++) {
            int b = bytes.byteAt(i);
            out[2 * i] = HexDigits.digit(b >>> 4, upper);
            out[2 * i + 1] = HexDigits.digit(b, upper);
        }
        return new String(out);
    }
}
