package io.lampblack.server.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.SegmentId;
import io.lampblack.protocol.events.SensorEvents.CbChildProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbCreateRemoteThreadMsg;
import io.lampblack.protocol.events.SensorEvents.CbCrossProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleInfoMsg;
import io.lampblack.protocol.events.SensorEvents.CbModuleLoadMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsgv2;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbRegModMsg;
import io.lampblack.protocol.events.SensorEvents.CbStringMsg;
import io.lampblack.protocol.events.SensorEvents.ProtocolType;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.support.TestServer;
import io.lampblack.server.tag.TagStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fixture of reference §6.1 (query_and_process_model.md), loaded into a started server through the real sensor
 * path: two sensors register over the sensor protocol, then event logs built with {@link EventLogWriter} are uploaded
 * one per segment, with the server clock set before each upload so that every segment's {@code last_server_update}
 * is the one in the table. Sensor-clock times ({@code start}, {@code last_update}) come from the events themselves.
 *
 * <p>What the table leaves open is chosen here and kept out of the way of every vector: MD5s the reference does not
 * name (MG, MU, MR, MJ, kernel32.dll's and a few more) are fixed arbitrary values; counts above the number of listed
 * events are reached by repeating the listed event (A's 34 modloads are 34 loads of kernel32.dll, B's 12 netconns six
 * of each listed connection, E's 20 modloads are evil.dll), so no extra path, domain or address appears; each event
 * is timed a little after its process start, and F2 carries only its netconn (its metadata comes from F1, as for a
 * long-running process).
 *
 * <p>Deviation: sensor ids are assigned by the server at registration (1 and 2 on a fresh server), not 3 and 17 as in
 * the table; {@link #sensorId(Host)} gives the real ones.
 */
public final class ReferenceFixture {

    // Binaries named by the reference.
    public static final String M1 = "5a18f00ab9330ac7539675f3f326cf11";
    public static final String MC = "ad7b9c14083b52bc532fba5948342b98";
    public static final String MX = "0123456789abcdef0123456789abcdef";
    // MD5s the reference leaves unnamed: arbitrary, distinct, without zero bytes (sensors cut some hashes at one).
    public static final String MG = "9e4ec4d9b4a3ad1f4f3d4e8ee2c1b4a1";
    public static final String MJ = "7c1b5e6d2a9f4e3b8d7c6b5a49382716";
    public static final String MU = "5f6e7d8c9bab1c2d3e4f5a6b7c8d9eaf";
    public static final String MR = "2b3c4d5e6f7a8b9cadbecfd1e2f31425";
    public static final String KERNEL32 = "6a5b4c3d2e1f1a2b3c4d5e6f7a8b9cad";
    public static final String NET_EXE = "4e5f6a7b8c9dae1f2a3b4c5d6e7f8a9b";
    public static final String LSASS = "3c4d5e6f7a8b9cad1e2f3a4b5c6d7e8f";
    /** SHA-256 of notepad.exe (A's image): only so that the sha256 fields have one value to find. */
    public static final String A_SHA256 = "142e1d688ef0568370c37187fd9f2351d7ddeda574f8bfa9b0fa4ef42db85aa2";

    public static final String H1_NAME = "WIN-5IKQDNF9GO1";
    public static final String H2_NAME = "DC01";
    public static final String DOMAIN_CONTROLLERS = "Domain Controllers";
    public static final String CHROME_PATH = "c:\\program files (x86)\\google\\chrome\\application\\chrome.exe";
    public static final String EVIL_DLL = "c:\\users\\mallory\\appdata\\local\\temp\\evil.dll";

    /** "NOW" of vector 30; the clock stays here once the fixture is loaded. */
    public static final Instant NOW = Instant.parse("2016-12-02T06:00:00Z");

    public enum Host {
        H1,
        H2
    }

    /** The process rows (segments) of §6.1, with what identifies them in a search result. */
    public enum Doc {
        A("notepad.exe", "2011-12-31T23:00:10Z"),
        B("chrome.exe", "2013-12-02T00:00:00Z"),
        C("googleupdate.exe", "2016-12-01T09:00:00Z"),
        D("cmd.exe", "2016-12-01T22:30:00Z"),
        E("rundll32.exe", "2016-12-02T01:05:00Z"),
        F1("chrome.exe", "2016-11-30T09:05:00Z"),
        F2("chrome.exe", "2016-11-30T12:00:00Z");

        public final String processName;
        /** Server receipt time of the segment's upload: unique per row, so it names the row in results. */
        public final Instant lastServerUpdate;

        Doc(String processName, String lastServerUpdate) {
            this.processName = processName;
            this.lastServerUpdate = Instant.parse(lastServerUpdate);
        }
    }

    /** The binaries of §6.1, by the upper-case MD5 a binary search returns. */
    public enum Binary {
        M1(ReferenceFixture.M1),
        MC(ReferenceFixture.MC),
        MX(ReferenceFixture.MX),
        MJ(ReferenceFixture.MJ),
        MG(ReferenceFixture.MG);

        public final String md5;

        Binary(String md5) {
            this.md5 = md5;
        }
    }

    /** A tag §6.1 puts on a binary, valued as the tag store keeps it: hit time in epoch ms, or the feed score. */
    public record BinaryTag(String md5, String tag, long value) {}

    /** Tags of §6.1: M1 hit by watchlist 4 on 2014-05-01, MX scored 15 by the VirusTotal feed. */
    public static final List<BinaryTag> TAGS = List.of(
            new BinaryTag(
                    M1, "watchlist_4", Instant.parse("2014-05-01T00:00:00Z").toEpochMilli()),
            new BinaryTag(MX, "alliance_score_virustotal", 15));

    /** A clock the test moves: the server reads upload receipt times and "now" for relative queries from it. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant start) {
            this.now = start;
        }

        public void set(Instant t) {
            now = t;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the server reads UTC only");
        }
    }

    private final TestServer server;
    private final MutableClock clock;
    private final SensorClient client;
    private final Map<Host, SensorClient.Identity> sensors = new EnumMap<>(Host.class);
    private final Map<Instant, Doc> byLastServerUpdate = new HashMap<>();
    private final Map<String, Binary> byMd5 = new HashMap<>();
    private long stringGuid = 1;

    private ReferenceFixture(TestServer server, MutableClock clock) {
        this.server = server;
        this.clock = clock;
        this.client = server.sensorClient();
        for (Doc d : Doc.values()) byLastServerUpdate.put(d.lastServerUpdate, d);
        for (Binary b : Binary.values()) byMd5.put(b.md5.toUpperCase(Locale.ROOT), b);
    }

    /**
     * Registers both hosts, uploads every segment in server-time order, writes the tags, waits until everything is
     * searchable and leaves the clock at {@link #NOW}. {@code clock} must be the one the server was started with.
     */
    public static ReferenceFixture load(TestServer server, MutableClock clock) throws Exception {
        ReferenceFixture f = new ReferenceFixture(server, clock);
        f.registerHosts();
        f.uploadAll();
        server.server.ingest().pipeline().awaitIndexed(30_000);
        server.server.search().index().refresh();
        f.writeTags();
        clock.set(NOW);
        return f;
    }

    public int sensorId(Host host) {
        return sensors.get(host).sensorId();
    }

    /** The row of a process search result, identified by its receipt time and checked against its process name. */
    public Doc doc(JsonNode row) {
        Instant lsu = Instant.parse(row.get("last_server_update").asText());
        Doc d = byLastServerUpdate.get(lsu);
        if (d == null) throw new AssertionError("a result row that is not in the fixture: " + row);
        if (!d.processName.equals(row.get("process_name").asText())) {
            throw new AssertionError("row " + d + " should be " + d.processName + ": " + row);
        }
        return d;
    }

    /** The binary of a binary search result row. */
    public Binary binary(JsonNode row) {
        Binary b = byMd5.get(row.get("md5").asText().toUpperCase(Locale.ROOT));
        if (b == null) throw new AssertionError("a binary that is not in the fixture: " + row);
        return b;
    }

    /** The process GUID of a row's process, as the server derives it (sensor id, pid, create time). */
    public String guid(Doc d) {
        Proc p = proc(d);
        return new ProcessGuid(sensorId(p.host), p.pid, ft(p.start)).toString();
    }

    /** The 6.x unique id of a row: its GUID and its segment id, which is the receipt time in ms. */
    public String uniqueId(Doc d) {
        return SegmentId.uniqueId(guid(d), d.lastServerUpdate.toEpochMilli());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The processes.

    /** Process-start facts; {@code parent} is the parent's pid, create time and path. */
    private record Proc(
            Host host,
            int pid,
            String start,
            String path,
            String md5,
            String cmdline,
            String user,
            int parentPid,
            String parentStart,
            String parentPath,
            String parentMd5,
            String sha256) {}

    private static final Proc PA = new Proc(
            Host.H1,
            2001,
            "2011-12-31T10:00:00Z",
            "c:\\windows\\system32\\notepad.exe",
            M1,
            "notepad.exe c:\\temp\\backup.txt",
            H1_NAME + "\\alice",
            1500,
            "2011-12-31T09:00:00Z",
            "c:\\windows\\explorer.exe",
            null,
            A_SHA256);
    private static final Proc PB = new Proc(
            Host.H1,
            3001,
            "2013-12-01T22:15:00Z",
            CHROME_PATH,
            MG,
            "\"C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer",
            H1_NAME + "\\bob",
            1504,
            "2013-12-01T08:00:00Z",
            "c:\\windows\\explorer.exe",
            null,
            null);
    private static final Proc PC = new Proc(
            Host.H1,
            5001,
            "2016-12-01T08:00:00Z",
            "c:\\program files (x86)\\google\\update\\googleupdate.exe",
            MU,
            "\"c:\\program files (x86)\\google\\update\\googleupdate.exe\" /svc",
            "SYSTEM",
            600,
            "2016-12-01T07:59:00Z",
            "c:\\windows\\system32\\services.exe",
            null,
            null);
    // D's parent is B (B's childproc event names D); the sensor reports the parent's MD5 with the start.
    private static final Proc PD = new Proc(
            Host.H1,
            6001,
            "2016-12-01T22:15:00Z",
            "c:\\windows\\system32\\cmd.exe",
            MC,
            "cmd.exe /c net use y: \\\\test\\blah",
            H1_NAME + "\\mallory",
            PB.pid,
            PB.start,
            PB.path,
            MG,
            null);
    private static final Proc PE = new Proc(
            Host.H2,
            7001,
            "2016-12-02T01:00:00Z",
            "c:\\windows\\system32\\rundll32.exe",
            MR,
            "\"C:\\Windows\\system32\\rundll32.exe\" /d srrstr.dll,ExecuteScheduledSPPC",
            "SYSTEM",
            604,
            "2016-12-02T00:00:00Z",
            "c:\\windows\\system32\\services.exe",
            null,
            null);
    private static final Proc PF = new Proc(
            Host.H1,
            4001,
            "2016-11-30T09:00:00Z",
            CHROME_PATH,
            MG,
            "chrome.exe",
            H1_NAME + "\\bob",
            1508,
            "2016-11-30T08:00:00Z",
            "c:\\windows\\explorer.exe",
            null,
            null);

    private static Proc proc(Doc d) {
        return switch (d) {
            case A -> PA;
            case B -> PB;
            case C -> PC;
            case D -> PD;
            case E -> PE;
            case F1, F2 -> PF;
        };
    }

    private void registerHosts() throws IOException, InterruptedException {
        // No REST or sensor-protocol call creates sensor groups yet; the registry's own method stands in for one.
        int dcGroup = server.server
                .sensors()
                .registry()
                .createGroup(DOMAIN_CONTROLLERS)
                .id();
        sensors.put(Host.H1, register(H1_NAME, "workstation", 1));
        sensors.put(Host.H2, register(H2_NAME, "domain_controller", dcGroup));
    }

    private SensorClient.Identity register(String hostname, String hostType, int groupId)
            throws IOException, InterruptedException {
        RegisterResponse r = client.register(
                new RegisterRequest(
                        hostname,
                        hostname.toLowerCase(Locale.ROOT) + ".corp.local",
                        "windows",
                        hostType,
                        "Windows",
                        null,
                        "lampblack-test",
                        groupId),
                "");
        return new SensorClient.Identity(r.sensorId(), r.secret());
    }

    /** Every upload in increasing server time: receipt times must strictly increase. */
    private void uploadAll() throws IOException, InterruptedException {
        // A: 34 modloads of kernel32.dll, a filemod, a regmod; M1's binary info travels with it.
        List<CbEventMsg> a = new ArrayList<>();
        a.add(start(PA));
        for (int i = 1; i <= 34; i++) {
            a.add(modload(PA, at(PA.start, i), "c:\\windows\\system32\\kernel32.dll", KERNEL32));
        }
        a.add(filemod(
                PA, at(PA.start, 60), "c:\\temp\\backup.txt", CbFileModMsg.CbFileModAction.actionFileModWrite, null));
        a.add(regmod(
                PA,
                at(PA.start, 120),
                "\\registry\\user\\s-1-5-21-1\\software\\microsoft\\windows\\shell\\muicache"
                        + "\\c:\\windows\\system32\\notepad.exe"));
        a.add(moduleInfo(m1(), at(PA.start, 1)));
        upload(Host.H1, "a", Doc.A.lastServerUpdate, a);

        // MJ (java.exe) is only ever seen as a binary: first seen (server_added_timestamp) 2013-01-02.
        upload(
                Host.H1,
                "mj",
                Instant.parse("2013-01-02T00:00:00Z"),
                List.of(moduleInfo(mj(), ft("2013-01-01T23:59:00Z"))));

        // B: twelve netconns (six to each listed peer), and D as its child; MG and MC travel with it.
        List<CbEventMsg> b = new ArrayList<>();
        b.add(start(PB));
        for (int i = 0; i < 6; i++) {
            b.add(netconn(PB, at(PB.start, 60 + 20 * i), "www.carbonblack.com", "192.168.1.10", 443));
            b.add(netconn(PB, at(PB.start, 70 + 20 * i), "foo.com.au", "10.0.1.1", 80));
        }
        b.add(childproc(PB, at(PB.start, 300), PD));
        b.add(moduleInfo(mg(), at(PB.start, 1)));
        b.add(moduleInfo(mc(), at(PB.start, 300)));
        upload(Host.H1, "b", Doc.B.lastServerUpdate, b);

        // F: two uploads of one process; the second holds only its netconn.
        upload(
                Host.H1,
                "f1",
                Doc.F1.lastServerUpdate,
                List.of(start(PF), netconn(PF, at(PF.start, 60), "www.google.com", "8.8.8.8", 443)));
        upload(
                Host.H1,
                "f2",
                Doc.F2.lastServerUpdate,
                List.of(netconn(PF, ft("2016-11-30T11:59:00Z"), "www.bing.com", "13.107.21.200", 443)));

        // C: a loopback netconn and a regmod under controlset001.
        upload(
                Host.H1,
                "c",
                Doc.C.lastServerUpdate,
                List.of(
                        start(PC),
                        netconn(PC, at(PC.start, 300), "foo.com", "127.0.0.1", 443),
                        regmod(
                                PC,
                                at(PC.start, 600),
                                "\\registry\\machine\\system\\controlset001\\control\\deviceclasses"
                                        + "\\{53f56307-b6bf-11d0-94f2-00a0c91efb8b}\\x")));

        // MX (evil.dll) first seen 2016-12-01T22:16:00Z, in an upload of its own.
        upload(
                Host.H1,
                "mx",
                Instant.parse("2016-12-01T22:16:00Z"),
                List.of(moduleInfo(mx(), ft("2016-12-01T22:16:00Z"))));

        // D: writes evil.dll (last write, with its MD5), an IPv6 netconn, a remote thread into lsass.exe, net.exe.
        upload(
                Host.H1,
                "d",
                Doc.D.lastServerUpdate,
                List.of(
                        start(PD),
                        filemod(
                                PD,
                                ft("2016-12-01T22:16:00Z"),
                                EVIL_DLL,
                                CbFileModMsg.CbFileModAction.actionFileModLastWrite,
                                MX),
                        netconnV6(PD, at(PD.start, 120), "fe00:b9:266:2011:28dc:43d4:3298:12e2", 443),
                        remoteThread(
                                PD,
                                at(PD.start, 180),
                                700,
                                "2016-11-28T06:00:00Z",
                                "c:\\windows\\system32\\lsass.exe",
                                LSASS),
                        childproc(
                                PD,
                                at(PD.start, 240),
                                new Proc(
                                        Host.H1,
                                        6101,
                                        "2016-12-01T22:19:00Z",
                                        "c:\\windows\\system32\\net.exe",
                                        NET_EXE,
                                        "net use y: \\\\test\\blah",
                                        H1_NAME + "\\mallory",
                                        PD.pid,
                                        PD.start,
                                        PD.path,
                                        MC,
                                        null))));

        // E on the domain controller: twenty loads of evil.dll.
        List<CbEventMsg> e = new ArrayList<>();
        e.add(start(PE));
        for (int i = 1; i <= 20; i++) e.add(modload(PE, at(PE.start, i), EVIL_DLL, MX));
        upload(Host.H2, "e", Doc.E.lastServerUpdate, e);
    }

    private void upload(Host host, String uploadId, Instant serverTime, List<CbEventMsg> events)
            throws IOException, InterruptedException {
        clock.set(serverTime);
        int accepted = client.upload(sensors.get(host), uploadId, EventLogWriter.frame(events))
                .events();
        if (accepted != events.size()) {
            throw new IllegalStateException(
                    "upload " + uploadId + ": " + accepted + " of " + events.size() + " events accepted");
        }
    }

    /**
     * The one place where the fixture's tags ({@link #TAGS}: {@code watchlist_4} on M1 hit 2014-05-01,
     * {@code alliance_score_virustotal} 15 on MX) are written, through the tag store's interface, as watchlist and
     * feed matching write them: after the data is indexed. Binary tags are keyed by upper-case MD5.
     */
    private void writeTags() {
        for (BinaryTag t : TAGS) {
            server.server
                    .store()
                    .tags()
                    .put(TagStore.Scope.BINARY, t.md5().toUpperCase(Locale.ROOT), t.tag(), t.value());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Event builders: what a Windows sensor sends (reference bus_and_events.md §2).

    private CbHeaderMsg.Builder header(Proc p, long time) {
        return CbHeaderMsg.newBuilder()
                .setVersion(4)
                .setTimestamp(time)
                .setProcessPid(p.pid)
                .setProcessCreateTime(ft(p.start))
                .setProcessMd5(md5(p.md5))
                .setProcessPath(p.path);
    }

    /** An event about a path: the path travels in the event's string table, referenced from the header. */
    private CbEventMsg withPath(CbHeaderMsg.Builder h, String path, CbEventMsg.Builder b) {
        long g = stringGuid++;
        h.setFilepathStringGuid(g);
        return b.setHeader(h)
                .addStrings(CbStringMsg.newBuilder().setGuid(g).setUtf8String(ByteString.copyFromUtf8(path)))
                .build();
    }

    private CbEventMsg start(Proc p) {
        CbProcessMsg.Builder m = CbProcessMsg.newBuilder()
                .setPid(p.pid)
                .setCreated(true)
                .setParentPid(p.parentPid)
                .setParentCreateTime(ft(p.parentStart))
                .setMd5Hash(md5(p.md5))
                .setCommandline(ByteString.copyFromUtf8(p.cmdline))
                .setParentPath(p.parentPath)
                .setCreationobserved(true)
                .setUsername(p.user);
        if (p.parentMd5 != null) m.setParentMd5(md5(p.parentMd5));
        CbHeaderMsg.Builder h = header(p, ft(p.start));
        if (p.sha256 != null)
            h.setProcessSha256(ByteString.copyFrom(HexFormat.of().parseHex(p.sha256)));
        return withPath(h, p.path, CbEventMsg.newBuilder().setProcess(m));
    }

    private CbEventMsg modload(Proc p, long time, String path, String md5) {
        CbModuleLoadMsg m = CbModuleLoadMsg.newBuilder().setMd5Hash(md5(md5)).build();
        return withPath(header(p, time), path, CbEventMsg.newBuilder().setModload(m));
    }

    private CbEventMsg filemod(Proc p, long time, String path, CbFileModMsg.CbFileModAction action, String md5OrNull) {
        CbFileModMsg.Builder f = CbFileModMsg.newBuilder().setAction(action).setTamper(false);
        if (md5OrNull != null) f.setMd5Hash(md5(md5OrNull)).setType(CbFileModMsg.CbFileType.filetypePe);
        return withPath(header(p, time), path, CbEventMsg.newBuilder().setFilemod(f));
    }

    private CbEventMsg regmod(Proc p, long time, String key) {
        CbRegModMsg r = CbRegModMsg.newBuilder()
                .setAction(CbRegModMsg.CbRegModAction.actionRegModWriteValue)
                .setUtf8Regpath(ByteString.copyFromUtf8(key))
                .setTamper(false)
                .build();
        return CbEventMsg.newBuilder().setHeader(header(p, time)).setRegmod(r).build();
    }

    /** An outbound IPv4 TCP connection (v1 message, as Windows sensors send them). */
    private CbEventMsg netconn(Proc p, long time, String domain, String remoteIp, int remotePort) {
        int ip = NetOrder.ipv4FromString(remoteIp);
        int port = NetOrder.rawPort(remotePort);
        CbNetConnMsg n = CbNetConnMsg.newBuilder()
                .setIpv4Address(ip)
                .setPort(port)
                .setProtocol(ProtocolType.ProtoTcp)
                .setUtf8Netpath(ByteString.copyFromUtf8(domain))
                .setOutbound(true)
                .setRemoteIpAddress(ip)
                .setRemotePort(port)
                .setLocalIpAddress(NetOrder.ipv4FromString("10.0.0.5"))
                .setLocalPort(NetOrder.rawPort(49200))
                .build();
        return CbEventMsg.newBuilder().setHeader(header(p, time)).setNetwork(n).build();
    }

    /** An outbound IPv6 TCP connection without a DNS name (v2 message: the only one that carries IPv6). */
    private CbEventMsg netconnV6(Proc p, long time, String remoteIp, int remotePort) {
        CbNetConnMsgv2 n = CbNetConnMsgv2.newBuilder()
                .setProtocol(ProtocolType.ProtoTcp)
                .setOutbound(true)
                .setRemoteIpAddress(NetOrder.toCbIpAddr(InetAddress.ofLiteral(remoteIp)))
                .setRemotePort(NetOrder.rawPort(remotePort))
                .setLocalIpAddress(NetOrder.toCbIpAddr(InetAddress.ofLiteral("fe00:b9:266:2011::5")))
                .setLocalPort(NetOrder.rawPort(49201))
                .build();
        return CbEventMsg.newBuilder()
                .setHeader(header(p, time))
                .setNetworkv2(n)
                .build();
    }

    private CbEventMsg remoteThread(
            Proc p, long time, int targetPid, String targetStart, String targetPath, String targetMd5) {
        CbCreateRemoteThreadMsg t = CbCreateRemoteThreadMsg.newBuilder()
                .setRemoteProcPid(targetPid)
                .setRemoteProcCreateTime(ft(targetStart))
                .setRemoteProcPath(targetPath)
                .setRemoteProcMd5(md5(targetMd5))
                .build();
        return CbEventMsg.newBuilder()
                .setHeader(header(p, time))
                .setCrossproc(CbCrossProcessMsg.newBuilder().setRemotethread(t).setTamper(false))
                .build();
    }

    private CbEventMsg childproc(Proc parent, long time, Proc child) {
        CbChildProcessMsg c = CbChildProcessMsg.newBuilder()
                .setCreated(true)
                .setMd5Hash(md5(child.md5))
                .setPath(child.path)
                .setPid(child.pid)
                .setCreateTime(ft(child.start))
                .setCommandline(ByteString.copyFromUtf8(child.cmdline))
                .setUsername(child.user)
                .build();
        return CbEventMsg.newBuilder()
                .setHeader(header(parent, time))
                .setChildproc(c)
                .build();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Binary info (CbModuleInfoMsg), field formats as real sensors send them (bus_and_events.md §2.13): MD5 as
    // upper-case ASCII hex, sign time as locale text, the raw 20-byte PE IMAGE_FILE_HEADER.

    private static final int IMAGE_FILE_EXECUTABLE_IMAGE = 0x0002;
    private static final int IMAGE_FILE_LARGE_ADDRESS_AWARE = 0x0020;
    private static final int IMAGE_FILE_32BIT_MACHINE = 0x0100;
    private static final int MACHINE_AMD64 = 0x8664;
    private static final int MACHINE_I386 = 0x014c;

    /** IMAGE_FILE_HEADER: Machine, NumberOfSections, TimeDateStamp, symbols (2 × 4), SizeOfOptionalHeader, Characteristics. */
    private static ByteString peHeader(boolean x64, int characteristics) {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (x64 ? MACHINE_AMD64 : MACHINE_I386))
                .putShort((short) 6)
                .putInt(0x4A5BC60F)
                .putInt(0)
                .putInt(0)
                .putShort((short) (x64 ? 0xF0 : 0xE0))
                .putShort((short) characteristics);
        return ByteString.copyFrom(b.array());
    }

    private static final ByteString EXE_64 =
            peHeader(true, IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_LARGE_ADDRESS_AWARE);
    private static final ByteString EXE_32 = peHeader(false, IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE);

    private static CbModuleInfoMsg.Builder module(String md5, long length, String onDisk) {
        return CbModuleInfoMsg.newBuilder()
                .setMd5(ByteString.copyFromUtf8(md5.toUpperCase(Locale.ROOT)))
                .setCopiedModuleLength((int) length)
                .setOriginalModuleLength(length)
                .setUtf8OnDiskFilename(onDisk);
    }

    private static CbModuleInfoMsg m1() {
        return module(M1, 193_536, "c:\\windows\\system32\\notepad.exe")
                .setImageFileHeader(EXE_64)
                .setUtf8FileDescription("Notepad")
                .setUtf8CompanyName("Microsoft Corporation")
                .setUtf8ProductName("Microsoft® Windows® Operating System")
                .setUtf8FileVersion("6.1.7600.16385 (win7_rtm.090713-1255)")
                .setUtf8ProductVersion("6.1.7600.16385")
                .setUtf8InternalName("Notepad")
                .setUtf8OriginalFileName("NOTEPAD.EXE")
                .setUtf8LegalCopyright("© Microsoft Corporation. All rights reserved.")
                .setUtf8DigSigResult("Signed")
                .setUtf8DigSigResultCode("0x00000000")
                .setUtf8DigSigPublisher("Microsoft Corporation")
                .setUtf8DigSigIssuerName("Microsoft Windows Verification PCA")
                .setUtf8DigSigSubjectName("Microsoft Windows")
                .setUtf8DigSigSignTime("10:17 AM 7/14/2009")
                .build();
    }

    private static CbModuleInfoMsg mc() {
        return module(MC, 345_088, "c:\\windows\\system32\\cmd.exe")
                .setImageFileHeader(EXE_64)
                .setUtf8FileDescription("Windows Command Processor")
                .setUtf8CompanyName("Microsoft Corporation")
                .setUtf8ProductName("Microsoft® Windows® Operating System")
                .setUtf8FileVersion("6.1.7601.17514")
                .setUtf8ProductVersion("6.1.7601.17514")
                .setUtf8InternalName("cmd")
                .setUtf8OriginalFileName("Cmd.Exe")
                .setUtf8LegalCopyright("© Microsoft Corporation. All rights reserved.")
                .setUtf8DigSigResult("Signed")
                .setUtf8DigSigResultCode("0x00000000")
                .setUtf8DigSigPublisher("Microsoft Corporation")
                .setUtf8DigSigIssuerName("Microsoft Windows Verification PCA")
                .setUtf8DigSigSubjectName("Microsoft Windows")
                .setUtf8DigSigSignTime("9:00 AM 6/1/2012")
                .build();
    }

    /** evil.dll: eight bytes, so no PE header at all; unsigned. */
    private static CbModuleInfoMsg mx() {
        return module(MX, 8, EVIL_DLL)
                .setUtf8DigSigResult("Unsigned")
                .setUtf8DigSigResultCode("0x800b0100")
                .build();
    }

    private static CbModuleInfoMsg mj() {
        return module(MJ, 175_736, "c:\\program files (x86)\\java\\jre7\\bin\\java.exe")
                .setImageFileHeader(EXE_32)
                .setUtf8FileDescription("Java(TM) Platform SE binary")
                .setUtf8CompanyName("Oracle Corporation")
                .setUtf8ProductName("Java(TM) Platform SE 7")
                .setUtf8FileVersion("7.0.170.2")
                .setUtf8ProductVersion("7.0.170.2")
                .setUtf8InternalName("java")
                .setUtf8OriginalFileName("java.exe")
                .setUtf8LegalCopyright("Copyright © 2012")
                .setUtf8DigSigResult("Expired")
                .setUtf8DigSigResultCode("0x800b0101")
                .setUtf8DigSigPublisher("Oracle America, Inc.")
                .setUtf8DigSigIssuerName("VeriSign Class 3 Code Signing 2010 CA")
                .setUtf8DigSigSubjectName("Oracle America, Inc.")
                .setUtf8DigSigSignTime("3:30 PM 6/1/2011")
                .build();
    }

    private static CbModuleInfoMsg mg() {
        return module(MG, 1_112_384, CHROME_PATH)
                .setImageFileHeader(EXE_32)
                .setUtf8FileDescription("Google Chrome")
                .setUtf8CompanyName("Google Inc.")
                .setUtf8ProductName("Google Chrome")
                .setUtf8FileVersion("39.0.2171.95")
                .setUtf8ProductVersion("39.0.2171.95")
                .setUtf8InternalName("chrome_exe")
                .setUtf8OriginalFileName("chrome.exe")
                .setUtf8LegalCopyright("Copyright 2014 Google Inc. All rights reserved.")
                .setUtf8DigSigResult("Signed")
                .setUtf8DigSigResultCode("0x00000000")
                .setUtf8DigSigPublisher("Google Inc")
                .setUtf8DigSigIssuerName("VeriSign Class 3 Code Signing 2010 CA")
                .setUtf8DigSigSubjectName("Google Inc")
                .setUtf8DigSigSignTime("1:00 PM 1/1/2015")
                .build();
    }

    /** Binary info has no process context: its header is only version and time. */
    private static CbEventMsg moduleInfo(CbModuleInfoMsg m, long time) {
        return CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(time))
                .setModule(m)
                .build();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static long ft(String iso) {
        return FileTimes.fromInstant(Instant.parse(iso));
    }

    /** {@code seconds} after {@code iso}, as FILETIME. */
    private static long at(String iso, int seconds) {
        return FileTimes.fromInstant(Instant.parse(iso).plusSeconds(seconds));
    }

    private static ByteString md5(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
