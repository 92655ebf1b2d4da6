package io.lampblack.protocol;

import com.google.protobuf.CodedOutputStream;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Produces event-log uploads in the forms {@link EventLogReader} accepts, as a sensor or a test would send them. */
public final class EventLogWriter {

    /** Size of the little-endian uint32 length prefix of every record. */
    public static final int PREFIX_BYTES = 4;

    private static final DateTimeFormatter ENTRY_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    private EventLogWriter() {}

    /** The plain framed stream of {@code events}, encoded straight into one exactly sized array. */
    public static byte[] frame(List<CbEventMsg> events) {
        int[] sizes = new int[events.size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = events.get(i).getSerializedSize();
            total += PREFIX_BYTES + sizes[i];
        }
        byte[] out = new byte[Math.toIntExact(total)];
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        try {
            for (int i = 0; i < sizes.length; i++) {
                coded.writeFixed32NoTag(sizes[i]);
                events.get(i).writeTo(coded);
            }
            coded.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding into a presized array cannot fail", e);
        }
        return out;
    }

    /** Frames already encoded records (not checked to be CbEventMsg, so tests can build malformed logs). */
    public static byte[] frameRaw(List<byte[]> records) {
        long total = 0;
        for (byte[] r : records) {
            total += PREFIX_BYTES + r.length;
        }
        byte[] out = new byte[Math.toIntExact(total)];
        int pos = 0;
        for (byte[] r : records) {
            putLength(out, pos, r.length);
            System.arraycopy(r, 0, out, pos + PREFIX_BYTES, r.length);
            pos += PREFIX_BYTES + r.length;
        }
        return out;
    }

    /** Writes {@code length} as the little-endian uint32 prefix at {@code at}. */
    public static void putLength(byte[] out, int at, int length) {
        out[at] = (byte) length;
        out[at + 1] = (byte) (length >>> 8);
        out[at + 2] = (byte) (length >>> 16);
        out[at + 3] = (byte) (length >>> 24);
    }

    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(plain.length / 3 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A zip holding {@code plain} as one deflated entry, the form Carbon Black publishes on api.rawsensordata. */
    public static byte[] zip(byte[] plain, String entryName) {
        return zip(plain, entryName, Deflater.DEFAULT_COMPRESSION);
    }

    /**
     * As {@link #zip(byte[], String)}, deflated at {@code level} (1..9), or stored uncompressed for level 0: a stored
     * entry costs only a CRC-32, which matters when every upload is re-published.
     */
    public static byte[] zip(byte[] plain, String entryName, int level) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((level == 0 ? plain.length : plain.length / 3) + 256);
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(entryName);
            if (level == 0) {
                CRC32 crc = new CRC32();
                crc.update(plain);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(plain.length);
                entry.setCompressedSize(plain.length);
                entry.setCrc(crc.getValue());
            } else {
                out.setLevel(level);
            }
            out.putNextEntry(entry);
            out.write(plain);
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * {@code EventLog_<8 hex>.<n>--YYYY-MM-DD-HH-MM-SS.log}, e.g. {@code EventLog_45f2535d.1--2017-01-19-04-11-11.log}.
     * The hex part identifies the sensor's log series (its meaning is private to the sensor), {@code n} the file in
     * that series; the time is rendered in UTC.
     */
    public static String entryName(int series, int sequence, Instant closedAt) {
        char[] hex = new char[8];
        HexDigits.putLower(hex, 0, series, 8);
        return "EventLog_" + new String(hex) + "." + sequence + "--" + ENTRY_TIME.format(closedAt) + ".log";
    }
}
