package io.lampblack.server.binary;

import static io.lampblack.server.binary.BinaryFixture.millis;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.server.lucene.binary.LuceneBinaryIndex;
import io.lampblack.server.process.SensorContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the catalog learns from uploads, and that learning it again (journal replay) changes nothing. */
class BinaryCatalogTest {

    private static final SensorContext S7 =
            new SensorContext(7, "WIN-SEVEN", "Default Group", "windows", "workstation");
    private static final SensorContext S8 = new SensorContext(8, "WIN-EIGHT", "Default Group", "windows", "server");
    private static final SensorContext S9 = new SensorContext(9, "DC01", "Domain Controllers", "windows", "server");
    private static final String IMAGE = "AAAABBBBCCCCDDDDEEEEFFFF00001111";
    private static final String DLL = "22223333444455556666777788889999";
    private static final String WRITTEN = "0123456789ABCDEF0123456789ABCDEF";
    private static final long T0 = millis("2016-12-01T10:00:00Z");
    private static final long CREATE = millis("2016-12-01T09:59:00Z");

    @TempDir
    Path dir;

    LuceneBinaryIndex index;
    final List<String> heard = new ArrayList<>();
    final BinaryObservations recorder = new BinaryObservations() {
        @Override
        public void firstSeen(String md5, Instant when) {
            heard.add("binary " + md5.substring(0, 4) + " " + when);
        }

        @Override
        public void firstSeenOnSensor(String md5, SensorSighting sensor, Instant when) {
            heard.add("host " + md5.substring(0, 4) + " " + sensor.endpoint());
        }

        @Override
        public void firstSeenInGroup(String md5, String group, Instant when) {
            heard.add("group " + md5.substring(0, 4) + " " + group);
        }
    };

    @BeforeEach
    void open() {
        index = new LuceneBinaryIndex(dir.resolve("binaries"));
    }

    @AfterEach
    void close() {
        index.close();
    }

    private BinaryCatalog catalog() {
        return new BinaryCatalog(index, recorder, 1 << 12, 3_600_000);
    }

    private static List<CbEventMsg> processActivity() {
        return List.of(
                BinaryEvents.processStart(1200, CREATE, "C:\\Tools\\Runner.exe", IMAGE, "runner.exe --fast"),
                BinaryEvents.modload(1200, CREATE, CREATE + 10, "c:\\tools\\helper.dll", DLL),
                BinaryEvents.modload(1200, CREATE, CREATE + 11, "C:\\TOOLS\\HELPER.DLL", DLL),
                BinaryEvents.lastWrite(1200, CREATE, CREATE + 20, "c:\\temp\\dropped.exe", WRITTEN),
                // A truncated MD5 (sensors cut some at a zero byte) names no binary.
                BinaryEvents.modload(1200, CREATE, CREATE + 30, "c:\\tools\\cut.dll", "0011223344556677"));
    }

    private BinaryRecord find(String md5) {
        return index.find(md5).orElseThrow(() -> new AssertionError(md5 + " not in the binary index"));
    }

    @Test
    void processActivityRevealsImagesModulesAndWrittenFiles() {
        try (BinaryCatalog catalog = catalog()) {
            BinaryFixture.index(catalog, S7, T0, processActivity());
            catalog.flush();
        }
        assertEquals(3, index.count());
        BinaryRecord image = find(IMAGE);
        assertEquals(List.of("C:\\Tools\\Runner.exe"), image.observedFilenames());
        assertEquals(Map.of(7, "WIN-SEVEN|7"), image.endpoints());
        assertEquals(1, image.hostCount());
        assertEquals(List.of("Default Group"), image.groups());
        assertEquals("Windows", image.osType());
        assertEquals(T0, image.firstSeen());
        assertEquals(T0, image.lastSeen());
        assertFalse(image.hasModuleInfo());
        assertEquals("", image.digsigResult());
        // The same path in two cases is one observed file name, as first reported.
        assertEquals(List.of("c:\\tools\\helper.dll"), find(DLL).observedFilenames());
        assertEquals(List.of("c:\\temp\\dropped.exe"), find(WRITTEN).observedFilenames());
    }

    @Test
    void moduleInfoIsReadIntoTheDocument() {
        try (BinaryCatalog catalog = catalog()) {
            BinaryFixture.load(catalog);
        }
        BinaryRecord m1 = find(BinaryFixture.M1.toLowerCase());
        assertEquals(BinaryFixture.M1, m1.md5());
        assertEquals("Microsoft Corporation", m1.text().get("company_name"));
        assertEquals("Microsoft\u00ae Windows\u00ae Operating System", m1.text().get("product_name"));
        assertEquals("Microsoft Corporation", m1.text().get("digsig_publisher"));
        assertEquals("Signed", m1.digsigResult());
        assertEquals("0", m1.digsigResultCode());
        assertEquals(OptionalLong.of(millis("2009-07-14T12:00:00Z")), m1.digsigSignTime());
        assertEquals(OptionalLong.of(193536), m1.origModLen());
        assertEquals(OptionalLong.of(193536), m1.copiedModLen());
        assertEquals(Optional.of(true), m1.is64bit());
        assertEquals(Optional.of(true), m1.executableImage());
        assertArrayEquals(Base64.getDecoder().decode(BinaryFixture.ICON_BASE64), m1.icon());
        assertEquals(List.of("c:\\windows\\system32\\notepad.exe"), m1.observedFilenames());
        assertEquals(millis("2011-12-31T10:00:00Z"), m1.firstSeen());
        BinaryRecord mx = find(BinaryFixture.MX);
        assertEquals("2148204800", mx.digsigResultCode());
        assertEquals(Optional.of(false), mx.is64bit());
        assertEquals(Optional.of(false), mx.executableImage());
        assertEquals(OptionalLong.empty(), mx.digsigSignTime());
        assertFalse(mx.hasIcon());
    }

    @Test
    void replayingUploadsCountsNothingTwice() {
        try (BinaryCatalog catalog = catalog()) {
            BinaryFixture.index(catalog, S7, T0, processActivity());
            BinaryFixture.index(catalog, S8, T0 + 1000, processActivity());
            BinaryFixture.index(catalog, S7, T0 + 2000, List.of(BinaryFixture.m1()));
        }
        BinaryRecord before = find(IMAGE);
        assertEquals(2, before.hostCount());
        // A restart replays the journal from the last commit: a fresh catalog (nothing remembered) sees it all again.
        try (BinaryCatalog replay = catalog()) {
            BinaryFixture.index(replay, S8, T0 + 1000, processActivity());
            BinaryFixture.index(replay, S7, T0, processActivity());
            BinaryFixture.index(replay, S7, T0 + 2000, List.of(BinaryFixture.m1()));
            replay.flush();
            assertEquals(0, replay.documentsWritten(), "nothing changed, nothing rewritten");
        }
        assertEquals(before, find(IMAGE));
        assertEquals(2, find(IMAGE).hostCount());
        assertEquals(
                List.of("WIN-SEVEN|7", "WIN-EIGHT|8"),
                List.copyOf(find(IMAGE).endpoints().values()));
        assertEquals(1, find(BinaryFixture.M1).hostCount());
        assertEquals(4, index.count());
    }

    @Test
    void firstSeenIsTheEarliestReceiptAndLastSeenTheLatest() {
        try (BinaryCatalog catalog = catalog()) {
            BinaryFixture.index(catalog, S7, T0 + 5000, processActivity());
            catalog.flush();
            BinaryFixture.index(catalog, S8, T0, processActivity());
            catalog.flush();
        }
        assertEquals(T0, find(DLL).firstSeen());
        assertEquals(T0 + 5000, find(DLL).lastSeen());
    }

    @Test
    void reObservationsAreSkippedUntilTheNextHour() {
        try (BinaryCatalog catalog = catalog()) {
            BinaryFixture.index(catalog, S7, T0, processActivity());
            catalog.flush();
            BinaryFixture.index(catalog, S7, T0 + 60_000, processActivity());
            assertEquals(0, catalog.pendingBinaries(), "the same binaries at the same places within the hour");
            BinaryFixture.index(catalog, S7, T0 + 3_600_000, processActivity());
            assertEquals(3, catalog.pendingBinaries());
            catalog.flush();
        }
        assertEquals(T0 + 3_600_000, find(IMAGE).lastSeen());
        assertEquals(T0, find(IMAGE).firstSeen());
    }

    @Test
    void observersHearEachFirstOnce() {
        try (BinaryCatalog catalog = catalog()) {
            BinaryFixture.index(catalog, S7, T0, List.of(BinaryFixture.mx()));
            catalog.flush();
            BinaryFixture.index(catalog, S8, T0 + 1, List.of(BinaryFixture.mx()));
            catalog.flush();
            BinaryFixture.index(catalog, S9, T0 + 2, List.of(BinaryFixture.mx()));
            catalog.flush();
        }
        try (BinaryCatalog replay = catalog()) {
            BinaryFixture.index(replay, S9, T0 + 2, List.of(BinaryFixture.mx()));
        }
        assertEquals(
                List.of(
                        "binary 0123 2016-12-01T10:00:00Z",
                        "host 0123 WIN-SEVEN|7",
                        "group 0123 Default Group",
                        "host 0123 WIN-EIGHT|8",
                        "host 0123 DC01|9",
                        "group 0123 Domain Controllers"),
                heard);
        assertEquals(3, find(BinaryFixture.MX).hostCount());
        assertEquals(
                List.of("Default Group", "Domain Controllers"),
                find(BinaryFixture.MX).groups());
    }

    @Test
    void moduleInfoFillsInWhatProcessActivityLeftUnknown() {
        try (BinaryCatalog catalog = catalog()) {
            BinaryFixture.index(
                    catalog,
                    S7,
                    T0,
                    List.of(BinaryEvents.processStart(
                            1300, CREATE, "c:\\windows\\system32\\notepad.exe", BinaryFixture.M1, "")));
            catalog.flush();
            assertFalse(find(BinaryFixture.M1).hasModuleInfo());
            BinaryFixture.index(catalog, S8, T0 + 1, List.of(BinaryFixture.m1()));
            catalog.flush();
        }
        BinaryRecord m1 = find(BinaryFixture.M1);
        assertTrue(m1.hasModuleInfo());
        assertEquals("Signed", m1.digsigResult());
        assertEquals(T0, m1.firstSeen());
        assertEquals(2, m1.hostCount());
        assertEquals(List.of("c:\\windows\\system32\\notepad.exe"), m1.observedFilenames());
    }

    @Test
    void moduleInfoSpellsTheObservedFileName() {
        try (BinaryCatalog catalog = catalog()) {
            BinaryFixture.index(
                    catalog,
                    S7,
                    T0,
                    List.of(
                            BinaryEvents.modload(
                                    1300, CREATE, CREATE + 1, "c:\\windows\\system32\\notepad.exe", BinaryFixture.M1),
                            BinaryEvents.modload(1300, CREATE, CREATE + 2, "d:\\copy\\notepad.exe", BinaryFixture.M1)));
            catalog.flush();
            BinaryFixture.index(
                    catalog,
                    S7,
                    T0 + 1,
                    List.of(BinaryEvents.moduleEvent(
                            BinaryEvents.module(
                                    BinaryFixture.M1,
                                    193536,
                                    "C:\\Windows\\System32\\notepad.exe",
                                    BinaryEvents.AMD64,
                                    BinaryEvents.EXE),
                            T0)));
            catalog.flush();
        }
        assertEquals(
                List.of("C:\\Windows\\System32\\notepad.exe", "d:\\copy\\notepad.exe"),
                find(BinaryFixture.M1).observedFilenames());
    }

    @Test
    void onlyWhatWasMadeDurableSurvivesACrash() {
        BinaryCatalog catalog = catalog();
        BinaryFixture.index(catalog, S7, T0, List.of(BinaryFixture.m1()));
        catalog.makeDurable();
        BinaryFixture.index(catalog, S7, T0 + 1, List.of(BinaryFixture.mx()));
        catalog.flush();
        assertEquals(2, index.count(), "searchable after the flush");
        // A crash: the index goes away without a commit (the catalog never closes).
        index.close();
        index = new LuceneBinaryIndex(dir.resolve("binaries"));
        assertTrue(index.find(BinaryFixture.M1).isPresent());
        assertTrue(index.find(BinaryFixture.MX).isEmpty(), "not committed: the journal replay brings it back");
        try (BinaryCatalog replay = catalog()) {
            BinaryFixture.index(replay, S7, T0 + 1, List.of(BinaryFixture.mx()));
        }
        assertEquals(1, find(BinaryFixture.MX).hostCount());
    }
}
