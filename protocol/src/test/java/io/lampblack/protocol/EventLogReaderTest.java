package io.lampblack.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbTamperAlertMsg;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class EventLogReaderTest {

    private static final int LIMIT = 64 << 20;

    /** Events per captured api.rawsensordata message, measured once; the files are fixed. */
    private static final int[] ZIP_EVENT_COUNTS = {63, 14, 12, 12, 1, 1, 6, 4, 14, 58, 66};

    private static final int ZIP_EVENT_TOTAL = 251;

    @Test
    void decodesEveryCapturedUpload() throws Exception {
        int total = 0;
        int[] observed = new int[ZIP_EVENT_COUNTS.length];
        for (int n = 0; n < ZIP_EVENT_COUNTS.length; n++) {
            DecodedEventLog log = EventLogReader.decodeStrict(Corpus.bytes("rawsensordata/zip/" + n + ".zip"), LIMIT);
            assertEquals(EventLogFormat.ZIP, log.format());
            observed[n] = log.size();
            total += log.size();
            for (CbEventMsg event : log.events()) {
                assertTrue(!event.hasEnv(), "bundled events carry no env");
                assertEquals(4, event.getHeader().getVersion());
            }
        }
        assertArrayEquals(ZIP_EVENT_COUNTS, observed, "observed " + Arrays.toString(observed));
        assertEquals(ZIP_EVENT_TOTAL, total);
        assertEquals(63, observed[0]);
        assertEquals(1, observed[4]);
    }

    @Test
    void decodesTheLegacyBundle() throws Exception {
        byte[] body = Corpus.bytes("rawsensordata/bundles/bundleone");
        DecodedEventLog log = EventLogReader.decodeStrict(body, LIMIT);
        assertEquals(EventLogFormat.PLAIN, log.format());
        assertEquals(716, log.size());
        assertSame(body, log.framed(), "a plain body is used in place");
        assertEquals(716, count(EventLogReader.lenient(body)));
        RecordSpan last = log.records().get(715);
        assertEquals(body.length, last.end());
        assertEquals(log.events().get(715).toByteString(), log.recordBytes(715));
        assertEquals(
                6,
                log.events().stream()
                        .filter(e -> e.getChildproc().hasSuppressed())
                        .count());
    }

    @Test
    void gzipZipAndPlainFormsDecodeIdentically() throws Exception {
        byte[] plain = Corpus.bytes("rawsensordata/bundles/bundleone");
        DecodedEventLog fromPlain = EventLogReader.decodeStrict(plain, LIMIT);
        DecodedEventLog fromGzip = EventLogReader.decodeStrict(EventLogWriter.gzip(plain), LIMIT);
        String entry = EventLogWriter.entryName(0x45f2535d, 1, Instant.parse("2017-01-19T04:11:11Z"));
        assertEquals("EventLog_45f2535d.1--2017-01-19-04-11-11.log", entry);
        DecodedEventLog fromZip = EventLogReader.decodeStrict(EventLogWriter.zip(plain, entry), LIMIT);
        assertEquals(EventLogFormat.GZIP, fromGzip.format());
        assertEquals(EventLogFormat.ZIP, fromZip.format());
        for (DecodedEventLog other : List.of(fromGzip, fromZip)) {
            assertArrayEquals(plain, other.framed());
            assertEquals(fromPlain.records(), other.records());
            assertEquals(fromPlain.events(), other.events());
        }
    }

    @Test
    void writerFramesEventsAsTheyWereCaptured() throws Exception {
        byte[] plain = Corpus.bytes("rawsensordata/bundles/bundleone");
        DecodedEventLog log = EventLogReader.decodeStrict(plain, LIMIT);
        assertArrayEquals(plain, EventLogWriter.frame(log.events()));
        List<byte[]> raw = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            raw.add(log.recordBytes(i).toByteArray());
        }
        assertArrayEquals(plain, EventLogWriter.frameRaw(raw));
        assertArrayEquals(new byte[0], EventLogWriter.frame(List.of()));
    }

    @Test
    void zipEntriesAreFramedIndependently() throws Exception {
        byte[] one = EventLogWriter.frame(List.of(tamper(1)));
        byte[] two = EventLogWriter.frame(List.of(tamper(2), tamper(3)));
        byte[] body = zipOf(new String[] {"a.log", "b.log"}, one, two);
        DecodedEventLog log = EventLogReader.decodeStrict(body, LIMIT);
        assertEquals(3, log.size());
        assertEquals(List.of(tamper(1), tamper(2), tamper(3)), log.events());

        byte[] truncated = Arrays.copyOf(one, one.length - 1);
        MalformedEventLogException e = assertThrows(
                MalformedEventLogException.class,
                () -> EventLogReader.decodeStrict(zipOf(new String[] {"a.log", "b.log"}, truncated, two), LIMIT));
        assertTrue(e.getMessage().contains("Record 0 at byte offset 0 in entry 'a.log'"), e.getMessage());
        assertEquals(
                2,
                EventLogReader.decodeLenient(zipOf(new String[] {"a.log", "b.log"}, truncated, two), LIMIT)
                        .size());
    }

    @Test
    void strictRejectsATruncatedLastRecord() {
        byte[] good = EventLogWriter.frame(List.of(tamper(1), tamper(2)));
        int secondAt = EventLogWriter.frame(List.of(tamper(1))).length;
        byte[] cut = Arrays.copyOf(good, good.length - 3);
        assertMalformed(cut, "Record 1 at byte offset " + secondAt, "overruns");
        assertEquals(1, count(EventLogReader.lenient(cut)));

        byte[] shortTail = Arrays.copyOf(good, secondAt + 3);
        assertMalformed(shortTail, "Record 1 at byte offset " + secondAt, "3 trailing bytes");
        assertEquals(1, count(EventLogReader.lenient(shortTail)));
    }

    @Test
    void strictRejectsBadLengths() {
        byte[] good = EventLogWriter.frame(List.of(tamper(1)));
        byte[] overrun = good.clone();
        EventLogWriter.putLength(overrun, 0, 1000);
        assertMalformed(overrun, "Record 0 at byte offset 0", "overruns");
        byte[] huge = good.clone();
        EventLogWriter.putLength(huge, 0, -8);
        assertMalformed(huge, "Record 0 at byte offset 0", "over 2 GiB");
        assertEquals(0, count(EventLogReader.lenient(huge)));
        byte[] zero = EventLogWriter.frameRaw(List.of(tamper(1).toByteArray(), new byte[0]));
        assertMalformed(zero, "Record 1 at byte offset " + good.length, "zero");
    }

    @Test
    void strictRejectsUndecodableRecords() {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0x00};
        byte[] body = EventLogWriter.frameRaw(
                List.of(tamper(1).toByteArray(), garbage, tamper(2).toByteArray()));
        int at = EventLogWriter.PREFIX_BYTES + tamper(1).getSerializedSize();
        assertMalformed(body, "Record 1 at byte offset " + at, "not a valid CbEventMsg");
        assertEquals(List.of(tamper(1), tamper(2)), list(EventLogReader.lenient(body)));

        byte[] headerless = CbEventMsg.newBuilder()
                .setTamperAlert(CbTamperAlertMsg.getDefaultInstance())
                .buildPartial()
                .toByteArray();
        assertMalformed(EventLogWriter.frameRaw(List.of(headerless)), "Record 0 at byte offset 0", "header");
        byte[] versionless = CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setTimestamp(1).buildPartial())
                .buildPartial()
                .toByteArray();
        assertMalformed(EventLogWriter.frameRaw(List.of(versionless)), "Record 0 at byte offset 0", "version");
    }

    @Test
    void acceptsOddButDecodableContent() throws Exception {
        CbEventMsg shortMd5 = tamper(1).toBuilder()
                .setHeader(tamper(1).getHeader().toBuilder().setProcessMd5(ByteString.copyFrom(new byte[5])))
                .build();
        assertEquals(
                1,
                EventLogReader.decodeStrict(EventLogWriter.frame(List.of(shortMd5)), LIMIT)
                        .size());
        assertEquals(0, EventLogReader.decodeStrict(new byte[0], LIMIT).size());
    }

    @Test
    void rejectsCorruptContainers() {
        byte[] gz = EventLogWriter.gzip(EventLogWriter.frame(List.of(tamper(1))));
        byte[] corrupt = Arrays.copyOf(gz, gz.length - 6);
        assertThrows(MalformedEventLogException.class, () -> EventLogReader.decodeStrict(corrupt, LIMIT));
        byte[] zip = EventLogWriter.zip(EventLogWriter.frame(List.of(tamper(1))), "x.log");
        byte[] mangled = zip.clone();
        Arrays.fill(mangled, 30, mangled.length - 30, (byte) 0x55);
        assertThrows(MalformedEventLogException.class, () -> EventLogReader.decodeStrict(mangled, LIMIT));
    }

    @Test
    void refusesBombsAndOversizedBodies() {
        byte[] zeros = new byte[50 << 20];
        byte[] zipBomb = EventLogWriter.zip(zeros, "bomb.log");
        byte[] gzipBomb = EventLogWriter.gzip(zeros);
        assertTrue(zipBomb.length < 100_000 && gzipBomb.length < 100_000);
        int limit = 1 << 20;
        EventLogTooLargeException e =
                assertThrows(EventLogTooLargeException.class, () -> EventLogReader.decodeStrict(zipBomb, limit));
        assertEquals(limit, e.limit());
        assertThrows(EventLogTooLargeException.class, () -> EventLogReader.decodeStrict(gzipBomb, limit));
        assertThrows(EventLogTooLargeException.class, () -> EventLogReader.decodeStrict(new byte[limit + 1], limit));
        assertThrows(EventLogTooLargeException.class, () -> EventLogReader.decodeLenient(zipBomb, limit));

        byte[] exact = EventLogWriter.frame(List.of(tamper(1)));
        assertEquals(
                1,
                assertDoesNotThrowDecode(EventLogWriter.gzip(exact), exact.length)
                        .size());
        assertEquals(
                1,
                assertDoesNotThrowDecode(EventLogWriter.zip(exact, "x"), exact.length)
                        .size());
        assertThrows(
                EventLogTooLargeException.class,
                () -> EventLogReader.decodeStrict(EventLogWriter.zip(exact, "x"), exact.length - 1));
    }

    @Test
    void detectsFormats() {
        assertEquals(EventLogFormat.PLAIN, EventLogFormat.detect(new byte[0]));
        assertEquals(EventLogFormat.GZIP, EventLogFormat.detect(EventLogWriter.gzip(new byte[0])));
        assertEquals(EventLogFormat.ZIP, EventLogFormat.detect(EventLogWriter.zip(new byte[0], "x")));
        assertEquals(EventLogFormat.ZIP, EventLogFormat.detect(new byte[] {'P', 'K', 5, 6}));
    }

    private static DecodedEventLog assertDoesNotThrowDecode(byte[] body, int limit) {
        try {
            return EventLogReader.decodeStrict(body, limit);
        } catch (EventLogException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertMalformed(byte[] body, String where, String why) {
        MalformedEventLogException e =
                assertThrows(MalformedEventLogException.class, () -> EventLogReader.decodeStrict(body, LIMIT));
        assertTrue(e.getMessage().startsWith(where), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    static CbEventMsg tamper(long timestamp) {
        return CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(timestamp))
                .setTamperAlert(
                        CbTamperAlertMsg.newBuilder().setType(CbTamperAlertMsg.CbTamperAlertType.AlertCbServiceStopped))
                .build();
    }

    private static byte[] zipOf(String[] names, byte[]... contents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < names.length; i++) {
                out.putNextEntry(new ZipEntry(names[i]));
                out.write(contents[i]);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static int count(Iterable<CbEventMsg> events) {
        return list(events).size();
    }

    private static List<CbEventMsg> list(Iterable<CbEventMsg> events) {
        List<CbEventMsg> out = new ArrayList<>();
        events.forEach(out::add);
        return out;
    }
}
