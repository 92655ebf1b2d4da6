package io.lampblack.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.events.SensorEvents.CbChildProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbIpAddr;
import io.lampblack.protocol.events.SensorEvents.CbModuleInfoMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleLoadMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsgv2;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbRegModMsg;
import io.lampblack.protocol.events.SensorEvents.CbStringMsg;
import io.lampblack.protocol.events.SensorEvents.CbTamperAlertMsg;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SegmentAssemblerTest {

    private static final int SENSOR = 7;
    private static final SensorContext HOST =
            new SensorContext(SENSOR, "WIN-HOST", "Default Group", "windows", "workstation");
    private static final long BASE_MS = 1_700_000_000_000L;
    private static final long UPLOAD_1 = 1_714_564_800_000L;
    private static final long UPLOAD_2 = UPLOAD_1 + 60_000;
    private static final long PATH_REF = 42;

    // Process A (notepad) started by explorer; process B (svchost) started by services.
    private static final int PID_A = 1234;
    private static final long CREATE_A = FileTimes.fromEpochMillis(BASE_MS);
    private static final int PID_B = 4321;
    private static final long CREATE_B = FileTimes.fromEpochMillis(BASE_MS + 5);
    private static final byte[] MD5_A = bytes("0123456789ABCDEF0123456789abcdef");
    private static final byte[] MD5_PARENT = bytes("fedcba9876543210fedcba9876543210");
    private static final byte[] MD5_DLL = bytes("11112222333344445555666677778888");
    private static final byte[] MD5_B = bytes("aaaabbbbccccddddeeeeffff00001111");

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String dotted(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    private static CbHeaderMsg.Builder header(int pid, long createTime, long millis) {
        return CbHeaderMsg.newBuilder()
                .setVersion(4)
                .setProcessPid(pid)
                .setProcessCreateTime(createTime)
                .setTimestamp(FileTimes.fromEpochMillis(millis));
    }

    private static CbStringMsg path(String p) {
        return CbStringMsg.newBuilder()
                .setGuid(PATH_REF)
                .setUtf8String(ByteString.copyFromUtf8(p))
                .build();
    }

    private static CbEventMsg start(
            int pid,
            long create,
            long millis,
            String path,
            String cmdline,
            byte[] md5,
            String user,
            int parentPid,
            long parentCreate,
            String parentPath,
            boolean creationObserved) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, create, millis)
                        .setFilepathStringGuid(PATH_REF)
                        .setProcessMd5(ByteString.copyFrom(md5)))
                .addStrings(path(path))
                .setProcess(CbProcessMsg.newBuilder()
                        .setPid(pid)
                        .setCreated(true)
                        .setParentPid(parentPid)
                        .setParentCreateTime(parentCreate)
                        .setMd5Hash(ByteString.copyFrom(md5))
                        .setCommandline(ByteString.copyFromUtf8(cmdline))
                        .setParentMd5(ByteString.copyFrom(MD5_PARENT))
                        .setParentPath(parentPath)
                        .setUsername(user)
                        .setCreationobserved(creationObserved))
                .build();
    }

    private static CbEventMsg startA(long millis) {
        return start(
                PID_A,
                CREATE_A,
                millis,
                "C:\\Windows\\System32\\NOTEPAD.EXE",
                "notepad.exe C:\\Users\\bob\\notes.txt",
                MD5_A,
                "CORP\\bob",
                900,
                CREATE_A - 1_000_000,
                "C:\\Windows\\Explorer.EXE",
                true);
    }

    private static CbEventMsg end(int pid, long create, long millis) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, create, millis))
                .setProcess(CbProcessMsg.newBuilder().setPid(pid).setCreated(false))
                .build();
    }

    private static CbEventMsg modload(int pid, long create, long millis, String p, byte[] md5) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, create, millis).setFilepathStringGuid(PATH_REF))
                .addStrings(path(p))
                .setModload(CbModuleLoadMsg.newBuilder().setMd5Hash(ByteString.copyFrom(md5)))
                .build();
    }

    private static CbEventMsg filemod(int pid, long create, long millis, String p) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, create, millis).setFilepathStringGuid(PATH_REF))
                .addStrings(path(p))
                .setFilemod(CbFileModMsg.newBuilder().setAction(CbFileModMsg.CbFileModAction.actionFileModWrite))
                .build();
    }

    private static CbEventMsg regmod(int pid, long create, long millis, String key) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, create, millis))
                .setRegmod(CbRegModMsg.newBuilder()
                        .setAction(CbRegModMsg.CbRegModAction.actionRegModWriteValue)
                        .setUtf8Regpath(ByteString.copyFromUtf8(key)))
                .build();
    }

    /** Version-1 netconn with the address in {@code ipv4Address} and the port in {@code port}. */
    private static CbEventMsg netconn(int pid, long create, long millis, int rawIp, int rawPort, String domain) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, create, millis))
                .setNetwork(CbNetConnMsg.newBuilder()
                        .setIpv4Address(rawIp)
                        .setPort(rawPort)
                        .setUtf8Netpath(ByteString.copyFromUtf8(domain)))
                .build();
    }

    private static CbEventMsg netconnRemote(int pid, long create, long millis, int rawIp, int rawPort) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, create, millis))
                .setNetwork(CbNetConnMsg.newBuilder()
                        .setRemoteIpAddress(rawIp)
                        .setRemotePort(rawPort)
                        .setLocalIpAddress(1974188)
                        .setLocalPort(15629))
                .build();
    }

    private static CbEventMsg netconnV2(int pid, long create, long millis, int rawIp, int rawPort, String domain) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, create, millis))
                .setNetworkv2(CbNetConnMsgv2.newBuilder()
                        .setRemoteIpAddress(CbIpAddr.newBuilder().setIpv4Address(rawIp))
                        .setRemotePort(rawPort)
                        .setLocalIpAddress(CbIpAddr.newBuilder().setIpv4Address(1974188))
                        .setLocalPort(15629)
                        .setUtf8Netpath(ByteString.copyFromUtf8(domain)))
                .build();
    }

    private static CbEventMsg childproc(int pid, long create, long millis, String childPath) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, create, millis))
                .setChildproc(CbChildProcessMsg.newBuilder()
                        .setCreated(true)
                        .setPath(childPath)
                        .setPid(777)
                        .setCreateTime(create + 10))
                .build();
    }

    /** Module info describes a binary; give it a process context to show that it is still in no segment. */
    private static CbEventMsg moduleInfo(int pid, long create) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid, create, BASE_MS + 50))
                .setModule(CbModuleInfoMsg.newBuilder()
                        .setMd5(ByteString.copyFrom(MD5_DLL))
                        .setUtf8OnDiskFilename("c:\\windows\\system32\\kernel32.dll"))
                .build();
    }

    /** Tamper alerts come with a bare header (version and time), as in the captured corpus. */
    private static CbEventMsg tamper() {
        return CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(FileTimes.fromEpochMillis(BASE_MS + 60)))
                .setTamperAlert(CbTamperAlertMsg.newBuilder()
                        .setType(CbTamperAlertMsg.CbTamperAlertType.AlertCbProcessTerminated))
                .build();
    }

    private static DecodedEventLog log(List<CbEventMsg> events) {
        try {
            return EventLogReader.decodeStrict(EventLogWriter.frame(events), 1 << 24);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ProcessSegment only(List<ProcessSegment> segments) {
        assertEquals(1, segments.size(), "segments: " + segments.size());
        return segments.getFirst();
    }

    private static ProcessSegment segmentOf(List<ProcessSegment> segments, int pid) {
        return segments.stream()
                .filter(s -> s.guid.pid() == pid)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no segment for pid " + pid));
    }

    /** Events as a segment stores them: without the header fields that repeat the process (CompactEvent). */
    private static List<CbEventMsg> stored(List<CbEventMsg> events) {
        return events.stream()
                .map(e -> e.toBuilder()
                        .setHeader(e.getHeader().toBuilder()
                                .clearProcessGuid()
                                .clearProcessCreateTime()
                                .clearProcessPid()
                                .clearProcessMd5()
                                .clearProcessPath())
                        .build())
                .toList();
    }

    private static List<CbEventMsg> eventsIn(ProcessSegment seg) {
        return decode(seg.eventBytes());
    }

    private static List<CbEventMsg> decode(byte[] framed) {
        try {
            return EventLogReader.decodeStrict(framed, 1 << 24).events();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final MetadataLookup NO_LOOKUP_EXPECTED = guid -> fail("the index must not be asked for " + guid);

    private static SegmentAssembler assembler(ProcessMetadataCache cache, MetadataLookup lookup) {
        return new SegmentAssembler(cache, lookup);
    }

    @Test
    void oneUploadWithTwoProcessesGivesOneSegmentPerProcess() {
        List<CbEventMsg> a = List.of(
                startA(BASE_MS + 1),
                modload(PID_A, CREATE_A, BASE_MS + 2, "c:\\windows\\system32\\ntdll.dll", MD5_DLL),
                modload(PID_A, CREATE_A, BASE_MS + 3, "c:\\windows\\system32\\ntdll.dll", MD5_DLL),
                modload(PID_A, CREATE_A, BASE_MS + 4, "c:\\windows\\system32\\kernel32.dll", MD5_DLL),
                filemod(PID_A, CREATE_A, BASE_MS + 6, "c:\\users\\bob\\notes.txt"),
                regmod(PID_A, CREATE_A, BASE_MS + 7, "\\registry\\user\\s-1-5-21\\software\\notepad\\ifontsize"),
                netconn(PID_A, CREATE_A, BASE_MS + 8, 465241111, 20480, "www.example.com"),
                netconnRemote(PID_A, CREATE_A, BASE_MS + 9, 33562540, 13568),
                end(PID_A, CREATE_A, BASE_MS + 20));
        List<CbEventMsg> b = List.of(
                start(
                        PID_B,
                        CREATE_B,
                        BASE_MS + 5,
                        "C:\\Windows\\System32\\svchost.exe",
                        "svchost.exe -k netsvcs",
                        MD5_B,
                        "NT AUTHORITY\\SYSTEM",
                        600,
                        CREATE_B - 7,
                        "C:\\Windows\\System32\\services.exe",
                        true),
                netconnV2(PID_B, CREATE_B, BASE_MS + 10, 465241111, 51392, "update.example.org"),
                regmod(PID_B, CREATE_B, BASE_MS + 11, "\\registry\\machine\\system\\controlset001\\services\\x"),
                regmod(PID_B, CREATE_B, BASE_MS + 12, "\\registry\\machine\\system\\controlset001\\services\\x"),
                childproc(PID_B, CREATE_B, BASE_MS + 13, "C:\\Windows\\System32\\WerFault.exe"));
        List<CbEventMsg> upload = new ArrayList<>();
        upload.add(a.get(0));
        upload.add(b.get(0));
        upload.add(moduleInfo(PID_A, CREATE_A));
        upload.addAll(a.subList(1, 5));
        upload.addAll(b.subList(1, 3));
        upload.add(tamper());
        upload.addAll(a.subList(5, a.size()));
        upload.addAll(b.subList(3, b.size()));

        List<ProcessSegment> segments =
                assembler(new ProcessMetadataCache(100), NO_LOOKUP_EXPECTED).assemble(HOST, UPLOAD_1, log(upload));
        assertEquals(2, segments.size());

        ProcessSegment sa = segmentOf(segments, PID_A);
        ProcessGuid guidA = new ProcessGuid(SENSOR, PID_A, CREATE_A);
        assertEquals(guidA, sa.guid);
        assertEquals(guidA.toString(), sa.guidText);
        assertEquals(UPLOAD_1, sa.segmentId, "the segment id is the upload's server time");
        assertEquals(UPLOAD_1, sa.serverTime);
        assertEquals(guidA + "-018f34069e00", sa.uniqueId());
        assertEquals(HOST, sa.sensor);
        assertEquals(3, sa.modloadCount());
        assertEquals(1, sa.filemodCount());
        assertEquals(1, sa.regmodCount());
        assertEquals(2, sa.netconnCount());
        assertEquals(0, sa.childprocCount());
        assertTrue(sa.terminated(), "procend marks the segment terminated");
        assertFalse(sa.tampered());
        assertEquals(
                Set.of("c:\\windows\\system32\\ntdll.dll", "c:\\windows\\system32\\kernel32.dll"), sa.modloadPaths());
        assertEquals(Set.of("c:\\users\\bob\\notes.txt"), sa.filemodPaths());
        assertEquals(Set.of("\\registry\\user\\s-1-5-21\\software\\notepad\\ifontsize"), sa.regmodPaths());
        assertEquals(Set.of("www.example.com"), sa.domains());
        assertEquals(
                List.of("23.4.187.27", "172.31.0.2"),
                Arrays.stream(sa.ipv4Addresses())
                        .mapToObj(SegmentAssemblerTest::dotted)
                        .toList(),
                "remote addresses, decoded little-endian (reference §3.5)");
        assertEquals(
                Set.of(80, 53), Set.copyOf(Arrays.stream(sa.ports()).boxed().toList()));
        assertEquals(Set.of(hex(MD5_DLL)), sa.modloadMd5s());
        assertTrue(
                sa.md5s().containsAll(Set.of(hex(MD5_A), hex(MD5_PARENT), hex(MD5_DLL))),
                sa.md5s().toString());
        assertEquals(BASE_MS + 1, sa.firstUpdate());
        assertEquals(BASE_MS + 20, sa.lastUpdate());
        assertEquals(a.size(), sa.eventCount());
        assertEquals(stored(a), eventsIn(sa), "the segment stores exactly its own events, in upload order");

        ProcessSegment sb = segmentOf(segments, PID_B);
        assertEquals(new ProcessGuid(SENSOR, PID_B, CREATE_B), sb.guid);
        assertEquals(UPLOAD_1, sb.segmentId);
        assertEquals(0, sb.modloadCount());
        assertEquals(0, sb.filemodCount());
        assertEquals(2, sb.regmodCount());
        assertEquals(1, sb.netconnCount());
        assertEquals(1, sb.childprocCount());
        assertFalse(sb.terminated(), "no procend in this upload");
        assertEquals(Set.of("\\registry\\machine\\system\\controlset001\\services\\x"), sb.regmodPaths());
        assertEquals(Set.of("update.example.org"), sb.domains());
        assertEquals(
                List.of("23.4.187.27"),
                Arrays.stream(sb.ipv4Addresses())
                        .mapToObj(SegmentAssemblerTest::dotted)
                        .toList());
        assertEquals(List.of(49352), Arrays.stream(sb.ports()).boxed().toList());
        assertEquals(Set.of("werfault.exe"), sb.childprocNames());
        assertEquals(Set.of(), sb.modloadPaths());
        assertEquals(stored(b), eventsIn(sb));
        assertEquals(BASE_MS + 5, sb.firstUpdate());
        assertEquals(BASE_MS + 13, sb.lastUpdate());
    }

    @Test
    void metadataComesFromTheProcessStart() {
        ProcessSegment seg = only(assembler(new ProcessMetadataCache(100), NO_LOOKUP_EXPECTED)
                .assemble(HOST, UPLOAD_1, log(List.of(startA(BASE_MS + 1)))));
        ProcessMetadata m = seg.meta();
        assertEquals("notepad.exe", m.processName());
        assertEquals("C:\\Windows\\System32\\NOTEPAD.EXE", m.path());
        assertEquals("notepad.exe C:\\Users\\bob\\notes.txt", m.cmdline());
        assertEquals("0123456789abcdef0123456789abcdef", m.md5(), "lower-case hex");
        assertEquals("CORP\\bob", m.username());
        assertEquals(PID_A, m.pid());
        assertEquals(BASE_MS, m.startMillis());
        assertEquals(new ProcessGuid(SENSOR, 900, CREATE_A - 1_000_000).toString(), m.parentGuid());
        assertEquals("explorer.exe", m.parentName());
        assertEquals(900, m.parentPid());
        assertEquals(hex(MD5_PARENT), m.parentMd5());
        assertTrue(m.startSeen());
        assertFalse(seg.terminated());
        assertEquals(1, seg.eventCount());
    }

    @Test
    void aLaterUploadWithoutTheStartGetsTheCachedMetadata() {
        ProcessMetadataCache cache = new ProcessMetadataCache(100);
        SegmentAssembler assembler = assembler(cache, NO_LOOKUP_EXPECTED);
        ProcessMetadata first = only(assembler.assemble(HOST, UPLOAD_1, log(List.of(startA(BASE_MS + 1)))))
                .meta();

        CbEventMsg later = CbEventMsg.newBuilder()
                .setHeader(header(PID_A, CREATE_A, BASE_MS + 90_000).setProcessPath("C:\\elsewhere\\other.exe"))
                .setRegmod(CbRegModMsg.newBuilder().setUtf8Regpath(ByteString.copyFromUtf8("\\registry\\x")))
                .build();
        ProcessSegment seg = only(assembler.assemble(HOST, UPLOAD_2, log(List.of(later))));
        assertEquals(UPLOAD_2, seg.segmentId);
        assertEquals(first, seg.meta());
        assertEquals("notepad.exe", seg.meta().processName());
        assertEquals("notepad.exe C:\\Users\\bob\\notes.txt", seg.meta().cmdline());
        assertTrue(seg.md5s().contains(hex(MD5_A)), "the process md5 is searchable in every segment");
        assertEquals(1, seg.regmodCount());
    }

    @Test
    void withAnEmptyCacheTheIndexIsAskedOnce() {
        ProcessGuid guid = new ProcessGuid(SENSOR, PID_A, CREATE_A);
        ProcessMetadata indexed = new ProcessMetadata(
                "notepad.exe",
                "c:\\windows\\notepad.exe",
                "notepad.exe x.txt",
                hex(MD5_A),
                "",
                PID_A,
                BASE_MS,
                "bob",
                "",
                new ProcessGuid(SENSOR, 900, 1).toString(),
                "explorer.exe",
                900,
                hex(MD5_PARENT),
                true);
        List<String> asked = new ArrayList<>();
        MetadataLookup lookup = g -> {
            asked.add(g);
            return g.equals(guid.toString()) ? Optional.of(indexed) : Optional.empty();
        };
        ProcessMetadataCache cache = new ProcessMetadataCache(100);
        SegmentAssembler assembler = assembler(cache, lookup);

        ProcessSegment seg = only(
                assembler.assemble(HOST, UPLOAD_1, log(List.of(filemod(PID_A, CREATE_A, BASE_MS + 9, "c:\\x.txt")))));
        assertEquals(List.of(guid.toString()), asked);
        assertEquals(indexed, seg.meta());
        assertEquals(Optional.of(indexed), cache.get(guid.toString()), "what the index said is cached");

        ProcessSegment again = only(
                assembler.assemble(HOST, UPLOAD_2, log(List.of(filemod(PID_A, CREATE_A, BASE_MS + 10, "c:\\y.txt")))));
        assertEquals(indexed, again.meta());
        assertEquals(1, asked.size(), "the second upload is served from the cache");
    }

    @Test
    void withNeitherCacheNorIndexTheHeaderIsUsed() {
        AtomicInteger asked = new AtomicInteger();
        MetadataLookup lookup = g -> {
            asked.incrementAndGet();
            return Optional.empty();
        };
        CbEventMsg ev = CbEventMsg.newBuilder()
                .setHeader(header(PID_B, CREATE_B, BASE_MS + 30)
                        .setProcessPath("C:\\Windows\\System32\\SVCHOST.exe")
                        .setProcessMd5(ByteString.copyFrom(MD5_B)))
                .setRegmod(CbRegModMsg.newBuilder().setUtf8Regpath(ByteString.copyFromUtf8("\\registry\\y")))
                .build();
        ProcessSegment seg =
                only(assembler(new ProcessMetadataCache(100), lookup).assemble(HOST, UPLOAD_1, log(List.of(ev))));
        assertEquals(1, asked.get());
        ProcessMetadata m = seg.meta();
        assertEquals("svchost.exe", m.processName());
        assertEquals("C:\\Windows\\System32\\SVCHOST.exe", m.path());
        assertEquals(hex(MD5_B), m.md5());
        assertEquals("", m.cmdline());
        assertEquals("", m.username());
        assertEquals(-1, m.parentPid());
        assertEquals("", m.parentGuid());
        assertEquals(PID_B, m.pid());
        assertEquals(BASE_MS + 5, m.startMillis(), "start is the create time in the GUID");
        assertFalse(m.startSeen());
        assertTrue(seg.md5s().contains(hex(MD5_B)));
    }

    @Test
    void withNothingKnownTheProcessIsUnknown() {
        ProcessSegment seg = only(assembler(new ProcessMetadataCache(100), MetadataLookup.NONE)
                .assemble(HOST, UPLOAD_1, log(List.of(regmod(PID_B, CREATE_B, BASE_MS + 30, "\\registry\\z")))));
        ProcessMetadata m = seg.meta();
        assertEquals(ProcessMetadata.UNKNOWN, m.processName());
        assertEquals("(unknown)", m.path());
        assertEquals("", m.md5());
        assertEquals("", m.cmdline());
        assertEquals("", m.username());
        assertEquals(-1, m.parentPid());
        assertEquals("", m.parentGuid());
        assertEquals(BASE_MS + 5, m.startMillis());
        assertFalse(m.startSeen());
    }

    @Test
    void aStartArrivingLaterGivesLaterSegmentsTheFullMetadata() {
        ProcessMetadataCache cache = new ProcessMetadataCache(100);
        SegmentAssembler assembler = assembler(cache, MetadataLookup.NONE);
        ProcessSegment partial = only(assembler.assemble(
                HOST, UPLOAD_1, log(List.of(regmod(PID_A, CREATE_A, BASE_MS + 30, "\\registry\\z")))));
        assertEquals(ProcessMetadata.UNKNOWN, partial.meta().processName());

        ProcessSegment withStart = only(assembler.assemble(HOST, UPLOAD_2, log(List.of(startA(BASE_MS + 1)))));
        assertEquals("notepad.exe", withStart.meta().processName());
        ProcessSegment after = only(assembler.assemble(
                HOST, UPLOAD_2 + 1, log(List.of(regmod(PID_A, CREATE_A, BASE_MS + 40, "\\registry\\z")))));
        assertEquals(withStart.meta(), after.meta());
        assertEquals(ProcessMetadata.UNKNOWN, partial.meta().processName(), "earlier segments are immutable");
    }

    @Test
    void aProcessReportedTwiceKeepsTheObservedCreation() {
        CbEventMsg inferred = start(
                PID_A,
                CREATE_A,
                BASE_MS + 1,
                "C:\\Windows\\notepad.exe",
                "inferred",
                MD5_A,
                "bob",
                900,
                1,
                "C:\\Windows\\explorer.exe",
                false);
        CbEventMsg observed = start(
                PID_A,
                CREATE_A,
                BASE_MS + 2,
                "C:\\Windows\\notepad.exe",
                "observed",
                MD5_A,
                "bob",
                900,
                1,
                "C:\\Windows\\explorer.exe",
                true);

        ProcessSegment seg = only(assembler(new ProcessMetadataCache(100), MetadataLookup.NONE)
                .assemble(HOST, UPLOAD_1, log(List.of(inferred, observed))));
        assertEquals("observed", seg.meta().cmdline());
        assertEquals(2, seg.eventCount());

        ProcessSegment reversed = only(assembler(new ProcessMetadataCache(100), MetadataLookup.NONE)
                .assemble(HOST, UPLOAD_1, log(List.of(observed, inferred))));
        assertEquals("observed", reversed.meta().cmdline());

        ProcessMetadataCache cache = new ProcessMetadataCache(100);
        SegmentAssembler across = assembler(cache, MetadataLookup.NONE);
        assertEquals(
                "inferred",
                only(across.assemble(HOST, UPLOAD_1, log(List.of(inferred))))
                        .meta()
                        .cmdline());
        assertEquals(
                "observed",
                only(across.assemble(HOST, UPLOAD_2, log(List.of(observed))))
                        .meta()
                        .cmdline());
        assertEquals(
                "observed",
                only(across.assemble(HOST, UPLOAD_2 + 1, log(List.of(end(PID_A, CREATE_A, BASE_MS + 99)))))
                        .meta()
                        .cmdline());
    }

    @Test
    void moduleInfoAndTamperEventsBelongToNoSegment() {
        List<ProcessSegment> none = assembler(new ProcessMetadataCache(100), NO_LOOKUP_EXPECTED)
                .assemble(HOST, UPLOAD_1, log(List.of(moduleInfo(PID_A, CREATE_A), tamper())));
        assertEquals(List.of(), none);

        ProcessSegment seg = only(assembler(new ProcessMetadataCache(100), NO_LOOKUP_EXPECTED)
                .assemble(HOST, UPLOAD_1, log(List.of(moduleInfo(PID_A, CREATE_A), startA(BASE_MS + 1), tamper()))));
        assertEquals(1, seg.eventCount());
        assertEquals(stored(List.of(startA(BASE_MS + 1))), eventsIn(seg));
        assertEquals(0, seg.modloadCount());
        assertFalse(seg.tampered());
        assertEquals(BASE_MS + 1, seg.lastUpdate());
    }

    @Test
    void theSameProcessOnAnotherSensorIsAnotherProcess() {
        ProcessMetadataCache cache = new ProcessMetadataCache(100);
        SegmentAssembler assembler = assembler(cache, MetadataLookup.NONE);
        assembler.assemble(HOST, UPLOAD_1, log(List.of(startA(BASE_MS + 1))));
        SensorContext other = new SensorContext(8, "OTHER", "Default Group", "windows", "server");
        ProcessSegment seg = only(assembler.assemble(
                other, UPLOAD_2, log(List.of(regmod(PID_A, CREATE_A, BASE_MS + 3, "\\registry\\q")))));
        assertEquals(new ProcessGuid(8, PID_A, CREATE_A), seg.guid);
        assertEquals(other, seg.sensor);
        assertEquals(
                ProcessMetadata.UNKNOWN, seg.meta().processName(), "sensor 7's process says nothing about sensor 8's");
    }

    @Test
    void replayingAnUploadGivesTheSameSegmentIds() {
        List<CbEventMsg> upload = List.of(startA(BASE_MS + 1), end(PID_A, CREATE_A, BASE_MS + 2));
        ProcessSegment first = only(
                assembler(new ProcessMetadataCache(100), MetadataLookup.NONE).assemble(HOST, UPLOAD_1, log(upload)));
        ProcessSegment replayed = only(
                assembler(new ProcessMetadataCache(100), MetadataLookup.NONE).assemble(HOST, UPLOAD_1, log(upload)));
        assertEquals(first.uniqueId(), replayed.uniqueId());
        assertEquals(first.meta(), replayed.meta());
        assertEquals(Arrays.toString(first.eventBytes()), Arrays.toString(replayed.eventBytes()));
    }

    @Test
    void ipv6RemoteAddressesAreCollectedAndMappedIpv4CountsAsIpv4() {
        InetAddress v6 = InetAddress.ofLiteral("fe00:b9:266:2011:28dc:43d4:3298:12e2");
        InetAddress mapped = InetAddress.ofLiteral("::ffff:10.1.2.3");
        ProcessSegment seg = only(assembler(new ProcessMetadataCache(100), MetadataLookup.NONE)
                .assemble(
                        HOST,
                        UPLOAD_1,
                        log(List.of(
                                startA(BASE_MS + 1),
                                netconnV6(BASE_MS + 2, v6),
                                netconnV6(BASE_MS + 3, v6),
                                netconnV6(BASE_MS + 4, mapped)))));
        assertEquals(3, seg.netconnCount());
        assertEquals(1, seg.ipv6Addresses().size(), "the same address once");
        assertEquals(hex(v6.getAddress()), hex(seg.ipv6Addresses().getFirst()));
        // ::ffff:10.1.2.3 is an IPv4 peer reached over an IPv6 socket.
        assertEquals(
                List.of("10.1.2.3"),
                Arrays.stream(seg.ipv4Addresses())
                        .mapToObj(SegmentAssemblerTest::dotted)
                        .toList());
    }

    private static CbEventMsg netconnV6(long millis, InetAddress remote) {
        return CbEventMsg.newBuilder()
                .setHeader(header(PID_A, CREATE_A, millis))
                .setNetworkv2(CbNetConnMsgv2.newBuilder()
                        .setRemoteIpAddress(NetOrder.toCbIpAddr(remote))
                        .setRemotePort(NetOrder.rawPort(443)))
                .build();
    }
}
