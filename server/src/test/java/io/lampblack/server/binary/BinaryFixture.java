package io.lampblack.server.binary;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.server.process.ProcessMetadataCache;
import io.lampblack.server.process.SegmentAssembler;
import io.lampblack.server.process.SensorContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The binaries of reference §6.1 (M1 notepad, MC cmd.exe, MX evil.dll, MJ java.exe, MG chrome.exe) as module-info
 * events from host H1 ({@code WIN-5IKQDNF9GO1}, sensor 3, Default Group). MJ and MG are unnamed in the reference;
 * MG is the value the process fixture uses.
 */
public final class BinaryFixture {

    public static final String M1 = "5A18F00AB9330AC7539675F3F326CF11";
    public static final String MC = "AD7B9C14083B52BC532FBA5948342B98";
    public static final String MX = "0123456789ABCDEF0123456789ABCDEF";
    public static final String MJ = "55555555555555555555555555555555";
    public static final String MG = "11111111111111111111111111111111";
    public static final SensorContext H1 =
            new SensorContext(3, "WIN-5IKQDNF9GO1", "Default Group", "windows", "workstation");
    /** A 1×1 PNG, base64 as Windows sensors send icons. */
    public static final String ICON_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static final String WINDOWS = "Microsoft\u00ae Windows\u00ae Operating System";

    private BinaryFixture() {}

    public static CbEventMsg m1() {
        return BinaryEvents.moduleEvent(
                BinaryEvents.module(
                                M1, 193536, "c:\\windows\\system32\\notepad.exe", BinaryEvents.AMD64, BinaryEvents.EXE)
                        .setUtf8CompanyName("Microsoft Corporation")
                        .setUtf8ProductName(WINDOWS)
                        .setUtf8FileDescription("Notepad")
                        .setUtf8FileVersion("6.1.7600.16385 (win7_rtm.090713-1255)")
                        .setUtf8OriginalFileName("NOTEPAD.EXE")
                        .setUtf8DigSigResult("Signed")
                        .setUtf8DigSigResultCode("0x00000000")
                        .setUtf8DigSigPublisher("Microsoft Corporation")
                        .setUtf8DigSigSignTime("12:00 PM 7/14/2009")
                        .setIcon(com.google.protobuf.ByteString.copyFromUtf8(ICON_BASE64)),
                millis("2011-12-31T10:00:00Z"));
    }

    public static CbEventMsg mc() {
        return BinaryEvents.moduleEvent(
                BinaryEvents.module(MC, 302592, "c:\\windows\\system32\\cmd.exe", BinaryEvents.AMD64, BinaryEvents.EXE)
                        .setUtf8CompanyName("Microsoft Corporation")
                        .setUtf8ProductName(WINDOWS)
                        .setUtf8FileDescription("Windows Command Processor")
                        .setUtf8DigSigResult("Signed")
                        .setUtf8DigSigResultCode("0x00000000")
                        .setUtf8DigSigPublisher("Microsoft Corporation")
                        .setUtf8DigSigSignTime("9:30 AM 6/1/2012"),
                millis("2012-06-02T00:00:00Z"));
    }

    public static CbEventMsg mx() {
        return BinaryEvents.moduleEvent(
                BinaryEvents.module(
                                MX,
                                8,
                                "c:\\users\\mallory\\appdata\\local\\temp\\evil.dll",
                                BinaryEvents.I386,
                                BinaryEvents.DLL)
                        .setUtf8DigSigResult("Unsigned")
                        .setUtf8DigSigResultCode("0x800b0100"),
                millis("2016-12-01T22:16:00Z"));
    }

    public static CbEventMsg mj() {
        return BinaryEvents.moduleEvent(
                BinaryEvents.module(
                                MJ,
                                187832,
                                "c:\\program files (x86)\\java\\jre7\\bin\\java.exe",
                                BinaryEvents.I386,
                                BinaryEvents.EXE)
                        .setUtf8CompanyName("Oracle Corporation")
                        .setUtf8ProductName("Java(TM) Platform SE 7")
                        .setUtf8FileVersion("7.0.170.2")
                        .setUtf8DigSigResult("Expired")
                        .setUtf8DigSigPublisher("Oracle America, Inc.")
                        .setUtf8DigSigSignTime("3:15 PM 6/1/2011"),
                millis("2013-01-02T00:00:00Z"));
    }

    public static CbEventMsg mg() {
        return BinaryEvents.moduleEvent(
                BinaryEvents.module(
                                MG,
                                1021536,
                                "c:\\program files (x86)\\google\\chrome\\application\\chrome.exe",
                                BinaryEvents.I386,
                                BinaryEvents.EXE)
                        .setUtf8CompanyName("Google Inc.")
                        .setUtf8ProductName("Google Chrome")
                        .setUtf8DigSigResult("Signed")
                        .setUtf8DigSigPublisher("Google Inc")
                        .setUtf8DigSigSignTime("2015-01-01T00:00:00Z"),
                millis("2015-01-02T00:00:00Z"));
    }

    public static List<CbEventMsg> all() {
        return List.of(m1(), mc(), mx(), mj(), mg());
    }

    /**
     * Feeds each binary to the catalog as its own upload from H1, received at the time the reference gives for it
     * (MX added 2016-12-01T22:16:00Z, MJ 2013-01-02), and makes the catalog durable.
     */
    public static void load(BinaryCatalog catalog) {
        for (CbEventMsg event : all()) {
            index(catalog, H1, receiptTime(event), List.of(event));
        }
        catalog.makeDurable();
    }

    /** One upload through the catalog, with its segments assembled as the pipeline would. */
    public static void index(BinaryCatalog catalog, SensorContext sensor, long serverTime, List<CbEventMsg> events) {
        var log = BinaryEvents.decoded(events);
        var segments = new SegmentAssembler(new ProcessMetadataCache(1000), guid -> Optional.empty())
                .assemble(sensor, serverTime, log);
        catalog.observe(sensor, serverTime, log, segments);
    }

    public static long millis(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** The receipt time a fixture event stands for: its own header timestamp. */
    private static long receiptTime(CbEventMsg event) {
        return io.lampblack.protocol.FileTimes.toEpochMillis(event.getHeader().getTimestamp());
    }
}
